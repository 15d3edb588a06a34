import { describe, expect, it, vi } from 'vitest';
import type { Visit } from './api/types';
import { storedValue } from './storage';
import { openVisit, summarizeVisit, viewerId } from './visits';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    items,
  };
}

const visit = (previousVisitAt: string | null, gists: number): Visit => ({
  visitId: 'v',
  viewerId: 'me',
  previousVisitAt,
  visitedAt: '2025-03-02T10:00:00Z',
  gists: Array.from({ length: gists }, (_, i) => ({ id: `g${i}` }) as Visit['gists'][number]),
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

  it('replaces a stored id the API would refuse', () => {
    const storage = memoryStorage();
    storage.setItem('id', 'not valid!');

    expect(viewerId(storedValue(storage, 'id'), () => 'fresh-id')).toBe('fresh-id');
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

    expect(viewerId(stored, () => 'one')).toBe('one');
    expect(viewerId(stored, () => 'two')).toBe('one');
  });
});

describe('visits', () => {
  it('opening a page records a visit under this viewer', async () => {
    const storage = memoryStorage();
    storage.setItem('id', 'viewer-7');
    const recordVisit = vi.fn(async () => visit(null, 0));

    await openVisit({ recordVisit }, 'octocat', storedValue(storage, 'id'));

    expect(recordVisit).toHaveBeenCalledWith('octocat', 'viewer-7');
  });

  it('a first visit shows everything as new', () => {
    expect(summarizeVisit(visit(null, 3))).toEqual({ kind: 'first', count: 3 });
  });

  it('a later visit shows what came since the previous one', () => {
    expect(summarizeVisit(visit('2025-03-01T10:00:00Z', 2))).toEqual({ kind: 'new', since: '2025-03-01T10:00:00Z', count: 2 });
    expect(summarizeVisit(visit('2025-03-01T10:00:00Z', 0))).toEqual({ kind: 'nothing-new', since: '2025-03-01T10:00:00Z' });
  });
});
