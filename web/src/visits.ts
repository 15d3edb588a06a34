import type { ApiClient } from './api/client';
import type { Visit } from './api/types';
import type { StoredValue } from './storage';

const ViewerIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * This browser's viewer id: made once and kept (localStorage), so "new since your last visit" follows the same
 * person across reloads. An id the API would refuse (edited by hand) is replaced.
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
  return client.recordVisit(username, viewerId(viewer));
}

export type VisitSummary =
  | { kind: 'first'; count: number }
  | { kind: 'nothing-new'; since: string }
  | { kind: 'new'; since: string; count: number };

/** How to introduce a visit's gists: a first visit shows everything, a later one what came since. */
export function summarizeVisit(visit: Visit): VisitSummary {
  if (visit.previousVisitAt === null) return { kind: 'first', count: visit.gists.length };
  if (visit.gists.length === 0) return { kind: 'nothing-new', since: visit.previousVisitAt };
  return { kind: 'new', since: visit.previousVisitAt, count: visit.gists.length };
}
