import { User } from 'oidc-client-ts';
import { describe, expect, it, vi } from 'vitest';
import type { AuthConfig } from '../config';
import { SignInSession, type SignInManager, type SignInStatus } from './session';

const auth: AuthConfig = { authority: 'http://127.0.0.1:5094', clientId: 'gistcloud-web', scope: 'openid profile email', signOutUrl: null };
const cognito: AuthConfig = { ...auth, signOutUrl: 'https://gc.auth.eu-west-1.amazoncognito.com/logout' };

function user(accessToken: string, expiresIn = 600, state?: unknown): User {
  return new User({
    access_token: accessToken,
    token_type: 'Bearer',
    refresh_token: `refresh-for-${accessToken}`,
    expires_at: Math.floor(Date.now() / 1000) + expiresIn,
    profile: { sub: 's1', iss: auth.authority, aud: auth.clientId, exp: 0, iat: 0, name: 'Grace Hopper' },
    userState: state,
  });
}

/** A UserManager stand-in keeping one user, as sessionStorage would. */
function fakeManager(initial: User | null) {
  let kept = initial;
  const manager = {
    getUser: vi.fn(async () => kept),
    removeUser: vi.fn(async () => void (kept = null)),
    signinSilent: vi.fn(async (): Promise<User | null> => null),
    signinRedirect: vi.fn(async () => undefined),
    signinRedirectCallback: vi.fn(async () => kept!),
    signoutRedirect: vi.fn(async () => undefined),
    events: { addUserLoaded: vi.fn(), addUserUnloaded: vi.fn() },
    keep: (u: User | null) => void (kept = u),
  };
  return manager;
}

const session = (manager: ReturnType<typeof fakeManager>, config = auth) =>
  new SignInSession(config, 'http://127.0.0.1:5090', {} as Storage, manager as unknown as SignInManager);

describe('SignInSession', () => {
  it('hands out the kept access token while it is valid, without renewing', async () => {
    const manager = fakeManager(user('valid'));
    expect(await session(manager).accessToken()).toBe('valid');
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });

  it('renews an expired token before handing it out', async () => {
    const manager = fakeManager(user('expired', -5));
    manager.signinSilent.mockImplementation(async () => user('fresh'));
    expect(await session(manager).accessToken()).toBe('fresh');
  });

  it('shares one renewal between calls made at the same time (a refresh token is spent once)', async () => {
    const manager = fakeManager(user('old'));
    let finish!: (u: User) => void;
    manager.signinSilent.mockImplementation(() => new Promise<User>((resolve) => (finish = resolve)));
    const s = session(manager);

    const both = Promise.all([s.renew(), s.renew()]);
    await vi.waitFor(() => expect(manager.signinSilent).toHaveBeenCalled());
    finish(user('new'));

    expect(await both).toEqual(['new', 'new']);
    expect(manager.signinSilent).toHaveBeenCalledOnce();
  });

  it('signs out with the reason when the renewal fails', async () => {
    const manager = fakeManager(user('old'));
    manager.signinSilent.mockRejectedValue(new Error('invalid_grant'));
    const s = session(manager);
    const seen: SignInStatus[] = [];
    s.subscribe((status) => seen.push(status));

    expect(await s.renew()).toBeNull();
    expect(manager.removeUser).toHaveBeenCalled();
    expect(seen.at(-1)).toEqual({ kind: 'signedOut', reason: 'Your session has ended. Sign in again to go on.' });
  });

  it('takes the token the automatic renewal stored meanwhile instead of signing out', async () => {
    const manager = fakeManager(user('old'));
    manager.signinSilent.mockImplementation(async () => {
      manager.keep(user('renewed-elsewhere'));
      throw new Error('invalid_grant: the refresh token was used already');
    });

    expect(await session(manager).renew()).toBe('renewed-elsewhere');
    expect(manager.removeUser).not.toHaveBeenCalled();
  });

  it('restores a kept user as signed in with their name, and nobody as signed out', async () => {
    expect(await session(fakeManager(user('t'))).restore()).toEqual({ kind: 'signedIn', name: 'Grace Hopper' });
    expect(await session(fakeManager(null)).restore()).toEqual({ kind: 'signedOut', reason: null });
  });

  it('goes back after the callback to the page the sign-in started on, if it is on this site', async () => {
    const manager = fakeManager(user('t', 600, { returnTo: '/users/octocat#gist-1' }));
    expect(await session(manager).completeSignIn()).toBe('/users/octocat#gist-1');
    manager.keep(user('t', 600, { returnTo: 'https://evil.example.com/' }));
    expect(await session(manager).completeSignIn()).toBe('/');
  });

  it("starts the sign-in with this page kept, and signs out with Cognito's parameters only for Cognito", async () => {
    const manager = fakeManager(null);
    await session(manager).signIn('/sync');
    expect(manager.signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/sync' } });

    await session(manager).signOut();
    await session(manager, cognito).signOut();
    expect(manager.signoutRedirect.mock.calls).toEqual([
      [{ extraQueryParams: undefined }],
      [{ extraQueryParams: { client_id: 'gistcloud-web', logout_uri: 'http://127.0.0.1:5090/' } }],
    ]);
  });
});
