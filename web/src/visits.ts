import type { ApiClient } from './api/client';
import type { Gist, Page, Visit } from './api/types';
import type { StoredValue } from './storage';

/** What the API accepts (ViewerId.Pattern): a version 4 UUID, as crypto.randomUUID() makes. */
export const ViewerIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Gists of a visit per page: the first page comes with the visit, "Show more" loads the next. */
export const VisitPageSize = 10;

/**
 * This browser's viewer id: made once and kept (localStorage), so "new since your last visit" follows the same
 * person across reloads. An id the API would refuse (edited by hand, or an older free-form id) is replaced.
 */
export function viewerId(stored: StoredValue, newId: () => string = () => crypto.randomUUID()): string {
  const existing = stored.get();
  if (existing && ViewerIdPattern.test(existing)) return existing;
  const created = newId();
  stored.set(created);
  return created;
}

/** Opens a user's page for this viewer: records the visit and answers what is new since the previous one. */
export function openVisit(client: Pick<ApiClient, 'recordVisit'>, username: string, viewer: StoredValue): Promise<Visit> {
  return client.recordVisit(username, viewerId(viewer), VisitPageSize);
}

/** The page of a visit's gists at `cursor` (the visit's own first page when null), for the paged-list helpers. */
export function visitPages(
  client: Pick<ApiClient, 'getVisit'>,
  username: string,
  visit: Visit,
): (cursor: string | null) => Promise<Page<Gist>> {
  return async (cursor) => {
    if (cursor === null) return { items: visit.gists, nextCursor: visit.nextCursor };
    const page = await client.getVisit(username, visit.visitId, { cursor, limit: VisitPageSize });
    return { items: page.gists, nextCursor: page.nextCursor };
  };
}

export type VisitSummary =
  | { kind: 'first'; count: number }
  | { kind: 'nothing-new'; since: string }
  | { kind: 'new'; since: string; count: number };

/** How to introduce a visit's gists: a first visit shows everything, a later one what came since. */
export function summarizeVisit(visit: Visit): VisitSummary {
  const count = visit.gistCount;
  if (visit.previousVisitAt === null) return { kind: 'first', count };
  if (count === 0) return { kind: 'nothing-new', since: visit.previousVisitAt };
  return { kind: 'new', since: visit.previousVisitAt, count };
}
