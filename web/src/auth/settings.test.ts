import { WebStorageStateStore } from 'oidc-client-ts';
import { describe, expect, it } from 'vitest';
import type { AuthConfig } from '../config';
import { displayName, safeReturnPath, signOutQuery, userManagerSettings } from './settings';

const local: AuthConfig = { authority: 'http://127.0.0.1:5094', clientId: 'gistcloud-web', scope: 'openid profile email', signOutUrl: null };
const cognito: AuthConfig = {
  authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC',
  clientId: 'abc123',
  scope: 'openid email',
  signOutUrl: 'https://gc.auth.eu-west-1.amazoncognito.com/logout',
};

/** A Storage that remembers what is put in it, standing in for sessionStorage. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, String(v)),
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
  };
}

describe('userManagerSettings', () => {
  it('asks for a code (PKCE) back on /auth/callback, renews with the refresh token, and watches no session iframe', () => {
    const settings = userManagerSettings(local, 'http://127.0.0.1:5090', memoryStorage());
    expect(settings).toMatchObject({
      authority: 'http://127.0.0.1:5094',
      client_id: 'gistcloud-web',
      redirect_uri: 'http://127.0.0.1:5090/auth/callback',
      post_logout_redirect_uri: 'http://127.0.0.1:5090/',
      response_type: 'code',
      scope: 'openid profile email',
      automaticSilentRenew: true,
      monitorSession: false,
    });
    expect(settings.metadataSeed).toBeUndefined();
    expect(settings.disablePKCE).toBeFalsy();
  });

  it('keeps the user and the sign-in state in the given (session) storage', async () => {
    const store = memoryStorage();
    const settings = userManagerSettings(local, 'http://127.0.0.1:5090', store);
    expect(settings.userStore).toBeInstanceOf(WebStorageStateStore);
    expect(settings.stateStore).toBeInstanceOf(WebStorageStateStore);
    await settings.userStore!.set('user', '{"access_token":"t"}');
    await settings.stateStore!.set('state', '{}');
    expect(store.length).toBe(2);
  });

  it("seeds Cognito's logout URL as the end-session endpoint and sends Cognito's sign-out parameters", () => {
    const settings = userManagerSettings(cognito, 'https://gistcloud.example.com', memoryStorage());
    expect(settings.metadataSeed).toEqual({ end_session_endpoint: 'https://gc.auth.eu-west-1.amazoncognito.com/logout' });
    expect(signOutQuery(cognito, 'https://gistcloud.example.com')).toEqual({ client_id: 'abc123', logout_uri: 'https://gistcloud.example.com/' });
    expect(signOutQuery(local, 'http://127.0.0.1:5090')).toBeUndefined();
  });
});

describe('displayName', () => {
  it.each([
    [{ name: 'Grace Hopper', email: 'grace@example.com', preferred_username: 'grace' }, 'Grace Hopper'],
    [{ name: '  ', email: 'grace@example.com', preferred_username: 'grace' }, 'grace@example.com'],
    [{ preferred_username: 'grace' }, 'grace'],
    [{ 'cognito:username': 'grace-c' }, 'grace-c'],
    [{}, 'Signed in'],
    [null, 'Signed in'],
  ])('of %j is %s', (profile, expected) => {
    expect(displayName(profile as never)).toBe(expected);
  });
});

describe('safeReturnPath', () => {
  it.each([
    ['/users/octocat?x=1#gist-abc', '/users/octocat?x=1#gist-abc'],
    ['/sync', '/sync'],
    ['/', '/'],
    ['//evil.example.com/x', '/'],
    ['/\\evil.example.com', '/'],
    ['/..//evil.example.com/x', '/'],
    ['/users/../..//evil.example.com', '/'],
    ['https://evil.example.com/', '/'],
    ['/auth/callback', '/'],
    ['sync', '/'],
    [42, '/'],
    [undefined, '/'],
  ])('%j → %s', (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });
});
