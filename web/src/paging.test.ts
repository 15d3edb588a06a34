import { describe, expect, it, vi } from 'vitest';
import type { Page } from './api/types';
import { emptyPaged, loadAll, loadNext } from './paging';

/** Pages of numbers, two per page, with the cursor being the next start index. */
function numbers(count: number) {
  return vi.fn(async (cursor: string | null): Promise<Page<number>> => {
    const start = cursor ? Number(cursor) : 0;
    const items = Array.from({ length: Math.min(2, count - start) }, (_, i) => start + i);
    return { items, nextCursor: start + 2 < count ? String(start + 2) : null };
  });
}

describe('paging', () => {
  it('loads the first page, then follows nextCursor, appending', async () => {
    const load = numbers(5);

    const first = await loadNext(emptyPaged<number>(), load);
    const second = await loadNext(first, load);

    expect(first).toEqual({ items: [0, 1], nextCursor: '2', complete: false });
    expect(second).toEqual({ items: [0, 1, 2, 3], nextCursor: '4', complete: false });
    expect(load.mock.calls.map((c) => c[0])).toEqual([null, '2']);
  });

  it('stops asking once a page has no nextCursor', async () => {
    const load = numbers(2);

    const last = await loadNext(emptyPaged<number>(), load);

    expect(last.complete).toBe(true);
    expect(await loadNext(last, load)).toBe(last);
    expect(load).toHaveBeenCalledOnce();
  });

  it('loadAll follows every cursor', async () => {
    expect(await loadAll(numbers(5), 10)).toEqual({ items: [0, 1, 2, 3, 4], truncated: false });
  });

  it('loadAll stops at maxPages and says so', async () => {
    const load = numbers(9);

    expect(await loadAll(load, 2)).toEqual({ items: [0, 1, 2, 3], truncated: true });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('an empty list is complete after one call', async () => {
    expect(await loadAll(numbers(0), 5)).toEqual({ items: [], truncated: false });
  });
});
