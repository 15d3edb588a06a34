import { UserManager, type User } from 'oidc-client-ts';
import type { AuthConfig } from '../config';
import { displayName, safeReturnPath, signOutQuery, userManagerSettings, type SignInState } from './settings';

/** What the app shows: signed in (with a name), signed out (with why, when the session ended by itself). */
export type SignInStatus = { kind: 'signedIn'; name: string } | { kind: 'signedOut'; reason: string | null };

/** The parts of oidc-client-ts's UserManager this uses (a stand-in in unit tests). */
export type SignInManager = Pick<UserManager, 'getUser' | 'removeUser' | 'signinSilent' | 'signinRedirect' | 'signinRedirectCallback' | 'signoutRedirect'> & {
  events: Pick<UserManager['events'], 'addUserLoaded' | 'addUserUnloaded'>;
};

/**
 * The signed-in person of this tab, over oidc-client-ts's UserManager: hands the API client a current access token,
 * renews it once when the API refuses it, and tells the app when the person is signed in or out.
 */
export class SignInSession {
  private listeners = new Set<(status: SignInStatus) => void>();
  private renewing: Promise<string | null> | null = null;
  private current: SignInStatus = { kind: 'signedOut', reason: null };

  constructor(
    private readonly auth: AuthConfig,
    private readonly origin: string,
    store: Storage,
    private readonly manager: SignInManager = new UserManager(userManagerSettings(auth, origin, store)),
  ) {
    this.manager.events.addUserLoaded((user) => this.set(statusOf(user)));
    this.manager.events.addUserUnloaded(() => this.set({ kind: 'signedOut', reason: null }));
  }

  get status(): SignInStatus {
    return this.current;
  }

  subscribe(listener: (status: SignInStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the user kept in this tab; an expired access token is renewed first (the automatic renewal only runs ahead of expiry). */
  async restore(): Promise<SignInStatus> {
    const user = await this.manager.getUser();
    if (user?.expired) await this.renew();
    else this.set(statusOf(user));
    return this.current;
  }

  /** To the provider's sign-in page; back on `returnTo` (this page by default) afterwards. */
  async signIn(returnTo = `${location.pathname}${location.search}${location.hash}`): Promise<void> {
    const state: SignInState = { returnTo: safeReturnPath(returnTo) };
    await this.manager.signinRedirect({ state });
  }

  /** Handles /auth/callback: trades the code for tokens; answers the path to go back to. */
  async completeSignIn(): Promise<string> {
    const user = await this.manager.signinRedirectCallback();
    this.set(statusOf(user));
    return safeReturnPath((user.state as Partial<SignInState> | undefined)?.returnTo);
  }

  /** Forgets the tokens of this tab and ends the provider's session (which sends the browser back to "/"). */
  async signOut(): Promise<void> {
    await this.manager.signoutRedirect({ extraQueryParams: signOutQuery(this.auth, this.origin) });
  }

  /** The access token to send, renewed first when it has expired; null when nobody is signed in. */
  accessToken = async (): Promise<string | null> => {
    const user = await this.manager.getUser();
    if (!user) return null;
    return user.expired ? this.renew() : user.access_token;
  };

  /**
   * One renewal with the refresh token (calls at the same time share it). When it fails, the tokens are dropped and
   * the app shows the sign-in screen saying why.
   */
  renew = (): Promise<string | null> => {
    this.renewing ??= (async () => {
      const before = await this.manager.getUser();
      try {
        const user = await this.manager.signinSilent();
        return user?.access_token ?? null;
      } catch {
        // The automatic renewal may have spent the refresh token a moment earlier: its token is then the one to use.
        const now = await this.manager.getUser();
        if (now && !now.expired && now.access_token !== before?.access_token) return now.access_token;
        await this.manager.removeUser();
        this.set({ kind: 'signedOut', reason: 'Your session has ended. Sign in again to go on.' });
        return null;
      } finally {
        this.renewing = null;
      }
    })();
    return this.renewing;
  };

  private set(status: SignInStatus): void {
    this.current = status;
    for (const listener of this.listeners) listener(status);
  }
}

function statusOf(user: User | null): SignInStatus {
  return user && !user.expired ? { kind: 'signedIn', name: displayName(user.profile) } : { kind: 'signedOut', reason: null };
}
