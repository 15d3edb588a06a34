import { ApiError, problemError, unreachable } from './problem';
import type { StoredValue } from '../storage';
import type { ActivityEntry, Gist, Me, NewGists, Page, SeenRequest, SeenResult, SyncRun, SyncStatus, User } from './types';

export interface PageQuery {
  limit?: number;
  cursor?: string | null;
}

export interface ApiClientOptions {
  /** Replaces "/api" in every path: "/api" (same origin) unless config.json says otherwise. */
  base: string;
  /** The admin key for write calls, kept for the tab (sign-in off). */
  apiKey?: StoredValue;
  /** Asked when a write call answers 401; resolves to the key to try, or null when the person gives up. */
  askForKey?: (reason: string) => Promise<string | null>;
  /** This browser's viewer id, sent as X-Viewer-Id on every call so answers carry this viewer's "new" (sign-in off). */
  viewerId?: () => string;
  /**
   * Sign-in on: every call carries the person's access token (and no viewer id: the API takes the viewer from the
   * token); a 401 renews it once and tries again.
   */
  auth?: BearerTokens;
  fetch?: typeof fetch;
}

export interface BearerTokens {
  /** The current access token; null when nobody is signed in. */
  accessToken(): Promise<string | null>;
  /** A new access token (refresh token), or null when the session is over. */
  renew(): Promise<string | null>;
}

const MaxKeyTries = 3;

/** The GistCloud HTTP API, typed. Every failure is an ApiError carrying the problem's detail. */
export class ApiClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.base = options.base.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  listUsers(page: PageQuery = {}): Promise<Page<User>> {
    return this.get(`/users${query(page)}`);
  }

  getUser(username: string): Promise<User> {
    return this.get(`/users/${segment(username)}`);
  }

  addUser(username: string): Promise<User> {
    return this.write('POST', '/users', { username });
  }

  async removeUser(username: string): Promise<void> {
    await this.write('DELETE', `/users/${segment(username)}`);
  }

  listGists(username: string, page: PageQuery = {}): Promise<Page<Gist>> {
    return this.get(`/users/${segment(username)}/gists${query(page)}`);
  }

  /** This viewer's unseen gists of the user, newest first; reading them marks nothing. */
  listNew(username: string, page: PageQuery = {}): Promise<NewGists> {
    return this.get(`/users/${segment(username)}/new${query(page)}`);
  }

  /** Marks gists seen for this viewer: all up to a sequence number (from listNew's latestSeq), or some by id. */
  markSeen(username: string, request: SeenRequest): Promise<SeenResult> {
    return this.send('POST', `/users/${segment(username)}/seen`, request);
  }

  /** Who added and removed users and asked for sync runs, newest first. */
  listActivity(page: PageQuery = {}): Promise<Page<ActivityEntry>> {
    return this.get(`/activity${query(page)}`);
  }

  /** Who the API takes the caller for, and whether they may write. */
  me(): Promise<Me> {
    return this.get('/me');
  }

  syncStatus(): Promise<SyncStatus> {
    return this.get('/sync');
  }

  listRuns(page: PageQuery = {}): Promise<Page<SyncRun>> {
    return this.get(`/sync/runs${query(page)}`);
  }

  getRun(runId: string): Promise<SyncRun> {
    return this.get(`/sync/runs/${segment(runId)}`);
  }

  startSync(): Promise<{ runId: string }> {
    return this.write('POST', '/sync');
  }

  private get<T>(path: string): Promise<T> {
    return this.send('GET', path);
  }

  /** A call that needs the admin key: sends the kept key, and on 401 asks for one and tries again. */
  private async write<T>(method: string, path: string, body?: unknown): Promise<T> {
    const apiKey = this.options.apiKey;
    if (this.options.auth || !apiKey) return this.send(method, path, body);
    for (let attempt = 1; ; attempt++) {
      const key = apiKey.get();
      try {
        return await this.send<T>(method, path, body, key ? { 'X-Api-Key': key } : {});
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401 || !this.options.askForKey || attempt > MaxKeyTries) throw error;
        if (key) apiKey.set(null);
        const given = (await this.options.askForKey(error.message))?.trim();
        if (!given) throw error;
        apiKey.set(given);
      }
    }
  }

  private async send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const auth = this.options.auth;
    if (!auth) {
      const viewer = this.options.viewerId?.();
      return this.request(method, path, body, { ...(viewer ? { 'X-Viewer-Id': viewer } : {}), ...headers });
    }
    const token = await auth.accessToken();
    try {
      return await this.request(method, path, body, { ...authorization(token), ...headers });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      const renewed = await auth.renew();
      if (!renewed) throw error;
      return this.request(method, path, body, { ...authorization(renewed), ...headers });
    }
  }

  private async request<T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<T> {
    const init: RequestInit = { method, headers: { Accept: 'application/json', ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await this.fetchImpl(this.base + path, init);
    } catch (error) {
      throw unreachable(error);
    }
    if (!response.ok) throw await problemError(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

/** The Authorization header for an access token (none without one: the API then answers 401). */
export function authorization(accessToken: string | null): Record<string, string> {
  return accessToken ? { Authorization: `Bearer ${accessToken}` } : {};
}

function segment(value: string): string {
  return encodeURIComponent(value);
}

function query({ limit, cursor }: PageQuery): string {
  const params = new URLSearchParams();
  if (limit !== undefined) params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  const text = params.toString();
  return text ? `?${text}` : '';
}
