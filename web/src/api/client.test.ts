import { describe, expect, it, vi } from 'vitest';
import { storedValue } from '../storage';
import { ApiClient, type ApiClientOptions } from './client';
import { ApiError } from './problem';

type Call = { url: string; method: string; headers: Record<string, string>; body: string | undefined };

/** A fetch that records calls and answers from a queue. */
function fakeFetch(...answers: (Response | Error)[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), method: init?.method ?? 'GET', headers: (init?.headers ?? {}) as Record<string, string>, body: init?.body as string | undefined });
    const answer = answers.shift() ?? new Error('no answer queued');
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
const problem = (status: number, detail: string, title = 'Problem.') => json(status, { status, title, detail }, 'application/problem+json');

function client(fetch: typeof globalThis.fetch, extra: Partial<ApiClientOptions> = {}) {
  return new ApiClient({ base: '/api', apiKey: storedValue(null, 'key'), fetch, ...extra });
}

describe('ApiClient', () => {
  it('reads from same-origin /api by default and from a configured base', async () => {
    const { fetch, calls } = fakeFetch(json(200, { items: [], nextCursor: null }), json(200, { items: [], nextCursor: null }));

    await client(fetch).listUsers();
    await client(fetch, { base: 'https://api.example.com/api/' }).listUsers();

    expect(calls.map((c) => c.url)).toEqual(['/api/users', 'https://api.example.com/api/users']);
  });

  it('passes limit and cursor, and escapes path segments', async () => {
    const { fetch, calls } = fakeFetch(json(200, { items: [], nextCursor: null }));

    await client(fetch).listGists('a/b', { limit: 20, cursor: 'c=1&d' });

    expect(calls[0]!.url).toBe('/api/users/a%2Fb/gists?limit=20&cursor=c%3D1%26d');
  });

  it("turns a problem answer into an ApiError carrying the problem's detail", async () => {
    const { fetch } = fakeFetch(problem(404, "GitHub has no user 'ghost'.", 'Not found.'));

    const error = await client(fetch).addUser('ghost').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, message: "GitHub has no user 'ghost'.", problem: { title: 'Not found.' } });
  });

  it('falls back to the title, then to the status, when a problem has no detail', async () => {
    const { fetch } = fakeFetch(json(409, { title: 'Conflict.' }, 'application/problem+json'), new Response('<html>oops</html>', { status: 502, statusText: 'Bad Gateway' }));

    await expect(client(fetch).getUser('a')).rejects.toThrow('Conflict.');
    await expect(client(fetch).getUser('a')).rejects.toThrow('The API answered 502 Bad Gateway.');
  });

  it('keeps the validation errors of a 400', async () => {
    const body = { status: 400, title: 'The request is not valid.', detail: 'bad', errors: { username: ['bad'] } };
    const { fetch } = fakeFetch(json(400, body, 'application/problem+json'));

    const error = (await client(fetch).addUser('x').catch((e: unknown) => e)) as ApiError;

    expect(error.problem?.errors).toEqual({ username: ['bad'] });
  });

  it('says the API could not be reached when fetch itself fails', async () => {
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'));

    const error = (await client(fetch).listUsers().catch((e: unknown) => e)) as ApiError;

    expect(error.status).toBe(0);
    expect(error.message).toMatch(/could not be reached/);
  });

  it('sends JSON bodies and answers nothing for 204', async () => {
    const { fetch, calls } = fakeFetch(json(201, { username: 'octocat' }), new Response(null, { status: 204 }));

    await client(fetch).addUser('octocat');
    await expect(client(fetch).removeUser('octocat')).resolves.toBeUndefined();

    expect(calls[0]).toMatchObject({ method: 'POST', body: '{"username":"octocat"}', headers: { 'Content-Type': 'application/json' } });
    expect(calls[1]).toMatchObject({ method: 'DELETE', url: '/api/users/octocat' });
  });

  it('sends the viewer id on every call when it has one', async () => {
    const viewer = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
    const { fetch, calls } = fakeFetch(json(200, { items: [], nextCursor: null }), json(200, { items: [], nextCursor: null }));

    await client(fetch, { viewerId: () => viewer }).listUsers();
    await client(fetch).listUsers();

    expect(calls[0]!.headers['X-Viewer-Id']).toBe(viewer);
    expect(calls[1]!.headers['X-Viewer-Id']).toBeUndefined();
  });

  it("reads this viewer's new gists a page at a time", async () => {
    const { fetch, calls } = fakeFetch(json(200, { newCount: 0, latestSeq: 4, gists: [], nextCursor: null }));

    const answer = await client(fetch).listNew('octocat', { cursor: 'a/b+c', limit: 10 });

    expect(calls[0]).toMatchObject({ method: 'GET', url: '/api/users/octocat/new?limit=10&cursor=a%2Fb%2Bc' });
    expect(answer.latestSeq).toBe(4);
  });

  it('marks all up to a sequence number, or some gists, as seen, without asking for the admin key', async () => {
    const { fetch, calls } = fakeFetch(json(200, { newCount: 0, latestSeq: 7 }), json(200, { newCount: 2, latestSeq: 7 }));
    const askForKey = vi.fn(async () => 'k');

    await client(fetch, { askForKey }).markSeen('octocat', { all: true, throughSeq: 7 });
    const some = await client(fetch, { askForKey }).markSeen('octocat', { gistIds: ['g1'] });

    expect(calls[0]).toMatchObject({ method: 'POST', url: '/api/users/octocat/seen', body: '{"all":true,"throughSeq":7}' });
    expect(calls[1]).toMatchObject({ body: '{"gistIds":["g1"]}' });
    expect(calls[0]!.headers['X-Api-Key']).toBeUndefined();
    expect(some).toEqual({ newCount: 2, latestSeq: 7 });
    expect(askForKey).not.toHaveBeenCalled();
  });
});

describe('ApiClient and the admin key', () => {
  it('asks for the key on a 401, keeps it, and sends it from then on', async () => {
    const { fetch, calls } = fakeFetch(problem(401, 'This call needs the admin key in the X-Api-Key header.'), json(201, {}), json(202, { runId: 'r1' }));
    const apiKey = storedValue(null, 'key');
    const askForKey = vi.fn(async () => ' secret-key ');

    await client(fetch, { apiKey, askForKey }).addUser('octocat');
    await client(fetch, { apiKey, askForKey }).startSync();

    expect(askForKey).toHaveBeenCalledOnce();
    expect(askForKey).toHaveBeenCalledWith('This call needs the admin key in the X-Api-Key header.');
    expect(calls[0]!.headers['X-Api-Key']).toBeUndefined();
    expect(calls[1]!.headers['X-Api-Key']).toBe('secret-key');
    expect(calls[2]!.headers['X-Api-Key']).toBe('secret-key');
    expect(apiKey.get()).toBe('secret-key');
  });

  it('forgets a refused key and asks again', async () => {
    const { fetch, calls } = fakeFetch(problem(401, 'The X-Api-Key header does not hold the admin key.'), json(201, {}));
    const apiKey = storedValue(null, 'key');
    apiKey.set('old-key');
    const askForKey = vi.fn(async () => 'new-key');

    await client(fetch, { apiKey, askForKey }).addUser('octocat');

    expect(calls.map((c) => c.headers['X-Api-Key'])).toEqual(['old-key', 'new-key']);
    expect(apiKey.get()).toBe('new-key');
  });

  it('gives up with the 401 when the person cancels', async () => {
    const { fetch, calls } = fakeFetch(problem(401, 'This call needs the admin key in the X-Api-Key header.'));

    await expect(client(fetch, { askForKey: async () => null }).removeUser('octocat')).rejects.toMatchObject({ status: 401 });
    expect(calls).toHaveLength(1);
  });

  it('never asks for reads', async () => {
    const { fetch } = fakeFetch(problem(401, 'nope'));
    const askForKey = vi.fn(async () => 'k');

    await expect(client(fetch, { askForKey }).listUsers()).rejects.toMatchObject({ status: 401 });
    expect(askForKey).not.toHaveBeenCalled();
  });
});

describe('ApiClient with sign-in on', () => {
  /** Tokens handed out in turn: the first by accessToken(), the rest by renew(). */
  function tokens(current: string | null, ...renewals: (string | null)[]) {
    return { accessToken: vi.fn(async () => current), renew: vi.fn(async () => renewals.shift() ?? null) };
  }
  const page = () => json(200, { items: [], nextCursor: null });

  it('sends the access token on reads and writes, and neither the viewer id nor the admin key', async () => {
    const { fetch, calls } = fakeFetch(page(), json(201, {}));
    const apiKey = storedValue(null, 'key');
    apiKey.set('kept-key');
    const askForKey = vi.fn(async () => 'k');
    const auth = tokens('token-1');
    const viewerId = vi.fn(() => 'f47ac10b-58cc-4372-a567-0e02b2c3d479');

    await client(fetch, { auth, apiKey, askForKey, viewerId }).listUsers();
    await client(fetch, { auth, apiKey, askForKey, viewerId }).addUser('octocat');

    for (const call of calls) {
      expect(call.headers.Authorization).toBe('Bearer token-1');
      expect(call.headers['X-Viewer-Id']).toBeUndefined();
      expect(call.headers['X-Api-Key']).toBeUndefined();
    }
    expect(viewerId).not.toHaveBeenCalled(); // no viewer id is even made
    expect(auth.renew).not.toHaveBeenCalled();
  });

  it('renews the token once on a 401 and tries again with the new one', async () => {
    const { fetch, calls } = fakeFetch(problem(401, 'The access token has expired.'), page());
    const auth = tokens('old', 'new');

    await client(fetch, { auth }).listUsers();

    expect(calls.map((c) => c.headers.Authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(auth.renew).toHaveBeenCalledOnce();
  });

  it('gives up with the 401 when the renewal fails (the app then shows the sign-in screen)', async () => {
    const { fetch, calls } = fakeFetch(problem(401, 'The access token has expired.'));
    const auth = tokens('old', null);

    await expect(client(fetch, { auth }).listUsers()).rejects.toMatchObject({ status: 401 });
    expect(calls).toHaveLength(1);
  });

  it('does not renew twice when the renewed token is refused too', async () => {
    const { fetch, calls } = fakeFetch(problem(401, 'no'), problem(401, 'still no'));
    const auth = tokens('old', 'new', 'newer');

    await expect(client(fetch, { auth }).getUser('a')).rejects.toMatchObject({ status: 401, message: 'still no' });
    expect(calls).toHaveLength(2);
    expect(auth.renew).toHaveBeenCalledOnce();
  });

  it("passes a reader's 403 on untouched", async () => {
    const { fetch, calls } = fakeFetch(problem(403, 'Only admins can add users.'));
    const auth = tokens('reader');

    await expect(client(fetch, { auth }).addUser('octocat')).rejects.toMatchObject({ status: 403, message: 'Only admins can add users.' });
    expect(calls).toHaveLength(1);
    expect(auth.renew).not.toHaveBeenCalled();
  });

  it('sends no Authorization header without a token', async () => {
    const { fetch, calls } = fakeFetch(json(200, { kind: 'anonymous', subject: null, name: null, isAdmin: true, signInEnabled: false }));

    await client(fetch, { auth: tokens(null) }).me();

    expect(calls[0]).toMatchObject({ url: '/api/me', method: 'GET' });
    expect(calls[0]!.headers.Authorization).toBeUndefined();
  });
});
