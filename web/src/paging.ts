import type { Page } from './api/types';

export type PageLoader<T> = (cursor: string | null) => Promise<Page<T>>;

/** The pages loaded so far of a cursor-paged list. Immutable: each step answers a new value. */
export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
  /** True once the API has answered a page without nextCursor. */
  complete: boolean;
}

export const emptyPaged = <T>(): Paged<T> => ({ items: [], nextCursor: null, complete: false });

/** Loads the page after `current` (the first page when nothing is loaded) and appends it. */
export async function loadNext<T>(current: Paged<T>, load: PageLoader<T>): Promise<Paged<T>> {
  if (current.complete) return current;
  const page = await load(current.nextCursor);
  return { items: [...current.items, ...page.items], nextCursor: page.nextCursor, complete: page.nextCursor === null };
}

/** Every item, following cursors, but at most `maxPages` pages: `truncated` says when more were left. */
export async function loadAll<T>(load: PageLoader<T>, maxPages: number): Promise<{ items: T[]; truncated: boolean }> {
  let paged = emptyPaged<T>();
  for (let pages = 0; pages < maxPages && !paged.complete; pages++) paged = await loadNext(paged, load);
  return { items: paged.items, truncated: !paged.complete };
}
