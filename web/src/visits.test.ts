import { describe, expect, it, vi } from 'vitest';
import type { Gist, NewGists } from './api/types';
import { storedValue } from './storage';
import { NewPageSize, newPages, summarizeNew, viewerId, ViewerIdPattern } from './visits';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    items,
  };
}

const gists = (count: number, start = 0) => Array.from({ length: count }, (_, i) => ({ id: `g${start + i}` }) as Gist);


describe('viewer id', () => {
  it('is made once and kept in storage', () => {
    const storage = memoryStorage();
    const newId = vi.fn(() => 'f47ac10b-58cc-4372-a567-0e02b2c3d479');

    const first = viewerId(storedValue(storage, 'gistcloud.viewerId'), newId);
    const again = viewerId(storedValue(storage, 'gistcloud.viewerId'), newId);

    expect(first).toBe('f47ac10b-58cc-4372-a567-0e02b2c3d479');
    expect(again).toBe(first);
    expect(newId).toHaveBeenCalledOnce();
    expect(storage.items.get('gistcloud.viewerId')).toBe(first);
  });

  it.each(['not valid!', 'viewer-7', 'anonymous', '0195f4c2-a7b8-7c3d-9e0f-112233445566', 'f47ac10b58cc4372a5670e02b2c3d479'])(
    'replaces a stored id the API would refuse: %s',
    (old) => {
      const storage = memoryStorage();
      storage.setItem('id', old);

      expect(viewerId(storedValue(storage, 'id'), () => 'c1a1e0b2-5d3e-4f60-8a7b-9c0d1e2f3a4b')).toBe('c1a1e0b2-5d3e-4f60-8a7b-9c0d1e2f3a4b');
      expect(storage.items.get('id')).toBe('c1a1e0b2-5d3e-4f60-8a7b-9c0d1e2f3a4b');
    },
  );

  it('keeps a stored version 4 UUID in either case', () => {
    const storage = memoryStorage();
    storage.setItem('id', 'F47AC10B-58CC-4372-A567-0E02B2C3D479');

    expect(viewerId(storedValue(storage, 'id'), () => 'unused')).toBe('F47AC10B-58CC-4372-A567-0E02B2C3D479');
  });

  it("accepts what the browser's crypto.randomUUID() makes", () => {
    for (let i = 0; i < 100; i++) expect(crypto.randomUUID()).toMatch(ViewerIdPattern);
  });

  it('still works, for this page, when storage refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const stored = storedValue(refusing, 'id');

    const one = 'a3bb189e-8bf9-4888-9912-ace4e6543002';
    expect(viewerId(stored, () => one)).toBe(one);
    expect(viewerId(stored, () => 'b3bb189e-8bf9-4888-9912-ace4e6543002')).toBe(one);
  });
});

describe('new gists', () => {
  const page = (count: number, start: number, nextCursor: string | null): NewGists => ({ newCount: 12, latestSeq: 30, gists: gists(count, start), nextCursor });

  it('pages the new gists: the loaded first page, then GET …/new from each cursor', async () => {
    const listNew = vi.fn(async () => page(2, 10, null));
    const load = newPages({ listNew }, 'octocat', page(10, 0, 'c1'));

    expect(await load(null)).toEqual({ items: gists(10), nextCursor: 'c1' });
    expect(listNew).not.toHaveBeenCalled();
    expect(await load('c1')).toEqual({ items: gists(2, 10), nextCursor: null });
    expect(listNew).toHaveBeenCalledWith('octocat', { cursor: 'c1', limit: NewPageSize });
  });

  it('says "all" when every stored gist is new, so the page lists them once', () => {
    expect(summarizeNew(3, 3)).toEqual({ kind: 'all', count: 3 });
    expect(summarizeNew(2, 3)).toEqual({ kind: 'some', count: 2 });
    expect(summarizeNew(0, 3)).toEqual({ kind: 'none' });
    expect(summarizeNew(0, 0)).toEqual({ kind: 'none' });
  });
});
