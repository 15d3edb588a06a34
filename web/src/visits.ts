import type { ApiClient } from './api/client';
import type { Gist, NewGists, Page } from './api/types';
import type { StoredValue } from './storage';

/** What the API accepts (ViewerId.Pattern): a version 4 UUID, as crypto.randomUUID() makes. */
export const ViewerIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** New gists per page: the first page comes with the count, "Show more" loads the next. */
export const NewPageSize = 10;

/**
 * This browser's viewer id: made once and kept (localStorage), so "new" follows the same person across reloads and
 * tabs. An id the API would refuse (edited by hand, or an older free-form id) is replaced.
 */
export function viewerId(stored: StoredValue, newId: () => string = () => crypto.randomUUID()): string {
  const existing = stored.get();
  if (existing && ViewerIdPattern.test(existing)) return existing;
  const created = newId();
  stored.set(created);
  return created;
}

/** The page of new gists at `cursor` (the already loaded first page when null), for the paged-list helpers. */
export function newPages(client: Pick<ApiClient, 'listNew'>, username: string, first: NewGists): (cursor: string | null) => Promise<Page<Gist>> {
  return async (cursor) => {
    if (cursor === null) return { items: first.gists, nextCursor: first.nextCursor };
    const page = await client.listNew(username, { cursor, limit: NewPageSize });
    return { items: page.gists, nextCursor: page.nextCursor };
  };
}

export type NewSummary = { kind: 'none' } | { kind: 'all'; count: number } | { kind: 'some'; count: number };

/**
 * How to introduce what is new: when every stored gist is new (a first contact) the "All gists" list already shows
 * them, so no second list of the same gists; otherwise the new ones on their own.
 */
export function summarizeNew(newCount: number, gistCount: number): NewSummary {
  if (newCount <= 0) return { kind: 'none' };
  if (newCount >= gistCount) return { kind: 'all', count: newCount };
  return { kind: 'some', count: newCount };
}
