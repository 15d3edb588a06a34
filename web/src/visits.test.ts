import { describe, expect, it, vi } from 'vitest';
import type { Visit } from './api/types';
import { storedValue } from './storage';
import { openVisit, summarizeVisit, viewerId, ViewerIdPattern, VisitPageSize, visitPages } from './visits';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    items,
  };
}

const gists = (count: number, start = 0) => Array.from({ length: count }, (_, i) => ({ id: `g${start + i}` }) as Visit['gists'][number]);

const visit = (previousVisitAt: string | null, count: number, shown = count, nextCursor: string | null = null): Visit => ({
  visitId: 'v',
  viewerId: 'me',
  previousVisitAt,
  visitedAt: '2025-03-02T10:00:00Z',
  gists: gists(shown),
  gistCount: count,
  nextCursor,
});

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

describe('visits', () => {
  it('opening a page records a visit under this viewer', async () => {
    const storage = memoryStorage();
    storage.setItem('id', 'f47ac10b-58cc-4372-a567-0e02b2c3d479');
    const recordVisit = vi.fn(async () => visit(null, 0));

    await openVisit({ recordVisit }, 'octocat', storedValue(storage, 'id'));

    expect(recordVisit).toHaveBeenCalledWith('octocat', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', VisitPageSize);
  });

  it("pages a visit's gists: its own first page, then the visit again from each cursor", async () => {
    const getVisit = vi.fn(async () => ({ ...visit(null, 12, 2, null), gists: gists(2, 10) }));
    const load = visitPages({ getVisit }, 'octocat', visit(null, 12, 10, 'c1'));

    expect(await load(null)).toEqual({ items: gists(10), nextCursor: 'c1' });
    expect(getVisit).not.toHaveBeenCalled();
    expect(await load('c1')).toEqual({ items: gists(2, 10), nextCursor: null });
    expect(getVisit).toHaveBeenCalledWith('octocat', 'v', { cursor: 'c1', limit: VisitPageSize });
  });

  it('counts every gist of the visit, not just the first page', () => {
    expect(summarizeVisit(visit(null, 60, 10, 'c'))).toEqual({ kind: 'first', count: 60 });
    expect(summarizeVisit(visit('2025-03-01T10:00:00Z', 25, 10, 'c'))).toEqual({ kind: 'new', since: '2025-03-01T10:00:00Z', count: 25 });
  });

  it('a first visit shows everything as new', () => {
    expect(summarizeVisit(visit(null, 3))).toEqual({ kind: 'first', count: 3 });
  });

  it('a later visit shows what came since the previous one', () => {
    expect(summarizeVisit(visit('2025-03-01T10:00:00Z', 2))).toEqual({ kind: 'new', since: '2025-03-01T10:00:00Z', count: 2 });
    expect(summarizeVisit(visit('2025-03-01T10:00:00Z', 0))).toEqual({ kind: 'nothing-new', since: '2025-03-01T10:00:00Z' });
  });
});
