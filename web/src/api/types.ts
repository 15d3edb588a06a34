// The API's answers (docs/DESIGN.md "HTTP API (v1)"): camelCase JSON, UTC ISO-8601 strings, enums as camelCase strings.

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type UserStatus = 'ok' | 'notFound' | 'error';

export interface User {
  username: string;
  displayName: string | null;
  avatarUrl: string | null;
  htmlUrl: string | null;
  addedAt: string;
  lastSyncedAt: string | null;
  gistCount: number;
  status: UserStatus;
  lastError: string | null;
}

export type PublishStatus = 'pending' | 'published' | 'failed' | 'disabled';

export interface GistFile {
  filename: string;
  language: string | null;
  rawUrl: string | null;
  size: number;
}

export interface Gist {
  id: string;
  description: string | null;
  htmlUrl: string;
  createdAt: string;
  updatedAt: string;
  discoveredAt: string;
  files: GistFile[];
  pipedrive: { status: PublishStatus; itemId: number | null; lastError: string | null; attempts: number };
}

export interface Visit {
  visitId: string;
  viewerId: string;
  previousVisitAt: string | null;
  visitedAt: string;
  /** One page of the visit's gists, newest first. */
  gists: Gist[];
  /** How many gists the visit has over all its pages. */
  gistCount: number;
  /** The next page through getVisit; null on the last page. */
  nextCursor: string | null;
}

export interface SyncStatus {
  workerHosted: boolean;
  /** A .NET TimeSpan: "hh:mm:ss" or "d.hh:mm:ss". */
  interval: string | null;
  nextRunAt: string | null;
  runningRunId: string | null;
  /** POST /api/sync can start a run (here, or through the sync request queue); absent from servers before the queue. */
  canStartRun?: boolean;
}

export type SyncOutcome = 'queued' | 'running' | 'completed' | 'stoppedEarly' | 'skipped' | 'failed';

export interface SyncFigures {
  usersChecked: number;
  usersChanged: number;
  gistsStored: number;
  gistsUpdated: number;
  gistsPublished: number;
  gistsFailed: number;
  gitHubRequests: number;
  gitHubNotModified: number;
  rateLimitRemaining: number | null;
  /** Of gitHubRequests, the change probe's GraphQL calls (absent from servers before the probe). */
  graphQLRequests?: number;
  graphQLPoints?: number;
}

export interface SyncRun {
  runId: string;
  trigger: 'schedule' | 'manual';
  outcome: SyncOutcome;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  figures: SyncFigures;
  errors: { username: string; error: string }[];
  message: string | null;
}
