// The local provider over real HTTP: discovery, keys, and the web app's whole flow (authorization code + PKCE through
// the password form, tokens, refresh) done with fetch, as a browser would, with the access token checked as the API
// checks it (signature against the JWKS, issuer, audience, lifetime).
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from './accounts.mjs';
import { Audience, ClientId, startOidcServer } from './provider.mjs';

const Origin = 'http://127.0.0.1:5999';
const RedirectUri = `${Origin}/auth/callback`;
const AccessTtl = 30;
let oidc;

beforeAll(async () => {
  oidc = await startOidcServer({ port: 0, origins: [Origin], accessTtl: AccessTtl });
});

afterAll(async () => {
  await oidc?.close();
});

const ada = accounts.find((a) => a.username === 'ada');
const grace = accounts.find((a) => a.username === 'grace');

/** A browser's cookie jar, small: every cookie goes back to the provider (its paths are not needed here). */
class Browser {
  cookies = new Map();

  async fetch(url, init = {}) {
    const response = await fetch(new URL(url, oidc.issuer), {
      redirect: 'manual',
      ...init,
      headers: { ...init.headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (value && !/expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return response;
  }

  postForm(url, fields, headers = {}) {
    return this.fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
  }
}

const base64url = (buffer) => Buffer.from(buffer).toString('base64url');

function pkce() {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: base64url(createHash('sha256').update(verifier).digest()) };
}

function authorizeUrl(challenge, extra = {}) {
  const params = new URLSearchParams({
    client_id: ClientId,
    redirect_uri: RedirectUri,
    response_type: 'code',
    scope: 'openid profile email',
    state: 'state-1',
    nonce: 'nonce-1',
    ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
    ...extra,
  });
  return `/auth?${params}`;
}

/** Authorization request → password form (answering `password`) → the redirect to the web app. */
async function signIn(browser, account, password = account.password) {
  const { verifier, challenge } = pkce();
  const start = await browser.fetch(authorizeUrl(challenge));
  expect(start.status).toBe(303);
  const interaction = start.headers.get('location');
  expect(interaction).toMatch(/^\/interaction\/[\w-]+$/);
  const form = await browser.fetch(interaction);
  expect(form.status).toBe(200);
  const html = await form.text();
  expect(html).toContain('<label for="username">Username</label>');
  expect(html).toContain('<label for="password">Password</label>');

  const submitted = await browser.postForm(`${interaction}/login`, { username: account.username, password });
  if (submitted.status !== 303) return { submitted };
  let location = submitted.headers.get('location');
  // The provider resumes the authorization (consent is granted for the first-party app) and redirects to the app.
  for (let hops = 0; !location.startsWith(Origin) && hops < 5; hops++) {
    const next = await browser.fetch(location);
    expect(next.status, await next.clone().text()).toBe(303);
    location = next.headers.get('location');
  }
  const callback = new URL(location);
  expect(`${callback.origin}${callback.pathname}`).toBe(RedirectUri);
  expect(callback.searchParams.get('state')).toBe('state-1');
  expect(callback.searchParams.get('iss')).toBe(oidc.issuer);
  return { code: callback.searchParams.get('code'), verifier };
}

async function tokens(browser, fields) {
  const response = await browser.postForm('/token', { client_id: ClientId, ...fields }, { origin: Origin });
  expect(response.headers.get('access-control-allow-origin')).toBe(Origin);
  return { status: response.status, body: await response.json() };
}

/** The JWT's payload once its RS256 signature checks against the provider's JWKS. */
async function verifiedPayload(jwt) {
  const [header, payload, signature] = jwt.split('.');
  const { alg, kid, typ } = JSON.parse(Buffer.from(header, 'base64url'));
  expect(alg).toBe('RS256');
  const { keys } = await (await fetch(`${oidc.issuer}/jwks`)).json();
  const jwk = keys.find((k) => k.kid === kid);
  expect(jwk, `key ${kid} in the JWKS`).toBeDefined();
  const valid = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64url'));
  expect(valid).toBe(true);
  return { typ, claims: JSON.parse(Buffer.from(payload, 'base64url')) };
}

describe('the local OpenID provider', () => {
  it('publishes a discovery document whose issuer is its own address', async () => {
    const response = await fetch(`${oidc.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = await response.json();
    expect(discovery.issuer).toBe(oidc.issuer);
    expect(oidc.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(discovery).toMatchObject({
      authorization_endpoint: `${oidc.issuer}/auth`,
      token_endpoint: `${oidc.issuer}/token`,
      jwks_uri: `${oidc.issuer}/jwks`,
      end_session_endpoint: `${oidc.issuer}/session/end`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('publishes one RS256 signing key, public parts only', async () => {
    const { keys } = await (await fetch(`${oidc.issuer}/jwks`)).json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0].kid).toBeTruthy();
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.toHaveProperty(secret);
  });

  it('signs the admin in with code + PKCE and issues a JWT access token for the API with groups and name', async () => {
    const browser = new Browser();
    const { code, verifier } = await signIn(browser, grace);
    const { status, body } = await tokens(browser, { grant_type: 'authorization_code', code, redirect_uri: RedirectUri, code_verifier: verifier });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: AccessTtl });
    expect(body.refresh_token).toBeTruthy(); // without offline_access: the web app renews silently with it

    const access = await verifiedPayload(body.access_token);
    expect(access.typ).toBe('at+jwt');
    expect(access.claims).toMatchObject({ iss: oidc.issuer, aud: Audience, sub: grace.subject, client_id: ClientId, groups: ['admins'], name: 'Grace Hopper' });
    expect(access.claims.exp - access.claims.iat).toBe(AccessTtl);

    const id = await verifiedPayload(body.id_token);
    expect(id.claims).toMatchObject({ iss: oidc.issuer, aud: ClientId, sub: grace.subject, nonce: 'nonce-1', name: 'Grace Hopper', email: grace.email, preferred_username: 'grace' });
  });

  it('renews with the refresh token: a new access token for the same person, and the old refresh token is spent', async () => {
    const browser = new Browser();
    const { code, verifier } = await signIn(browser, ada);
    const first = await tokens(browser, { grant_type: 'authorization_code', code, redirect_uri: RedirectUri, code_verifier: verifier });
    const renewed = await tokens(browser, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    expect(renewed.body.access_token).not.toBe(first.body.access_token);
    const access = await verifiedPayload(renewed.body.access_token);
    expect(access.claims).toMatchObject({ aud: Audience, sub: ada.subject, client_id: ClientId, groups: [], name: 'Ada Lovelace' });

    const replayed = await tokens(browser, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(replayed.status).toBe(400);
    expect(replayed.body.error).toBe('invalid_grant');
  });

  it('refuses a code redeemed without its PKCE verifier', async () => {
    const browser = new Browser();
    const { code } = await signIn(browser, ada);
    const { status, body } = await tokens(browser, { grant_type: 'authorization_code', code, redirect_uri: RedirectUri, code_verifier: pkce().verifier });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('requires PKCE of the public client', async () => {
    const response = await new Browser().fetch(authorizeUrl(null));
    expect(response.status).toBe(303);
    const back = new URL(response.headers.get('location'));
    expect(back.origin).toBe(Origin);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses a resource other than the API', async () => {
    const response = await new Browser().fetch(authorizeUrl(pkce().challenge, { resource: 'urn:someone:else' }));
    expect(response.status).toBe(303);
    const back = new URL(response.headers.get('location'));
    expect(back.origin).toBe(Origin);
    expect(back.searchParams.get('error')).toBe('invalid_target');
  });

  it('shows the form again with an error on a wrong password', async () => {
    const { submitted } = await signIn(new Browser(), ada, 'not-her-password');
    expect(submitted.status).toBe(200);
    const html = await submitted.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('Wrong username or password');
    expect(html).toContain('value="ada"');
  });

  it('answers CORS only for the web app origin', async () => {
    const preflight = (origin) =>
      fetch(`${oidc.issuer}/token`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await preflight(Origin)).headers.get('access-control-allow-origin')).toBe(Origin);
    const other = await fetch(`${oidc.issuer}/token`, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:1', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: ClientId, grant_type: 'refresh_token', refresh_token: 'x' }).toString(),
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
