// The API's answers (docs/DESIGN.md "HTTP API (v1)"): camelCase JSON, UTC ISO-8601 strings, enums as camelCase strings.

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Who did something: a signed-in person, a script with the API key, or anyone (sign-in off). */
export interface Actor {
  kind: 'person' | 'apiKey' | 'anonymous';
  subject: string | null;
  name: string | null;
}

/** GET /api/me: the caller as the API sees them. */
export interface Me extends Actor {
  isAdmin: boolean;
  signInEnabled: boolean;
}

/** GET /api/activity: one change and who made it. */
export interface ActivityEntry {
  at: string;
  action: 'userAdded' | 'userRemoved' | 'syncRequested';
  actor: Actor;
  username: string | null;
  runId: string | null;
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
  /** This viewer's unseen gists of the user; only when the request named a viewer (X-Viewer-Id). */
  newCount?: number;
  /** GitHub's createdAt of the user's newest stored gist; null when none (absent from servers before it). */
  lastGistAt?: string | null;
  /** The user's person in Pipedrive, when the API knows Pipedrive's web address. */
  pipedrivePersonUrl?: string | null;
  /** Who added the user (absent for users added before this was kept). */
  addedBy?: Actor;
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
  pipedrive: PipedriveState;
  /** Not yet seen by this viewer; only when the request named a viewer (X-Viewer-Id). */
  isNew?: boolean;
}

export interface PipedriveState {
  status: PublishStatus;
  itemId: number | null;
  lastError: string | null;
  attempts: number;
  /** How many attempts a gist gets before it stays failed (absent from servers before it). */
  maxAttempts?: number;
  /** The published item in Pipedrive's web app, when the API knows Pipedrive's web address. */
  itemUrl?: string | null;
}

/** GET /api/users/{u}/new: the viewer's unseen gists, newest first, a page at a time; reading marks nothing. */
export interface NewGists {
  newCount: number;
  /** The user's newest gist sequence number; "mark all as seen" sends it so a gist stored meanwhile stays new. */
  latestSeq: number;
  gists: Gist[];
  nextCursor: string | null;
}

/** POST /api/users/{u}/seen: everything up to a sequence number, or some gists. */
export type SeenRequest = { all: true; throughSeq: number } | { gistIds: string[] };

export interface SeenResult {
  newCount: number;
  latestSeq: number;
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
  /** The gists whose publish failed in this run (absent from servers before it). */
  failedGists?: FailedGist[];
  /** How many more failed than failedGists lists. */
  failedGistsLeftOut?: number;
  /** Who asked for a manual run (absent for scheduled runs and from servers before it). */
  requestedBy?: Actor;
}

export interface FailedGist {
  username: string;
  gistId: string;
  error: string;
  attempts: number;
}
