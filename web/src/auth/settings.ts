import { WebStorageStateStore, type UserManagerSettings, type UserProfile } from 'oidc-client-ts';
import type { AuthConfig } from '../config';

export const CallbackPath = '/auth/callback';

/** Where a person signing in is taken back to: the page they were on (kept in the sign-in request's state). */
export interface SignInState {
  returnTo: string;
}

/**
 * oidc-client-ts's settings for this app: authorization code with PKCE (its default for response_type code), tokens
 * and the sign-in state in this tab's sessionStorage (never localStorage), renewal with the refresh token, and no
 * session-monitoring iframe. `store` is sessionStorage in the app (an in-memory stand-in in tests).
 */
export function userManagerSettings(auth: AuthConfig, origin: string, store: Storage): UserManagerSettings {
  return {
    authority: auth.authority,
    client_id: auth.clientId,
    redirect_uri: `${origin}${CallbackPath}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: auth.scope,
    userStore: new WebStorageStateStore({ store }),
    stateStore: new WebStorageStateStore({ store }),
    automaticSilentRenew: true,
    // Half a minute before expiry: Cognito's hour-long tokens and the local provider's minute-long ones alike.
    accessTokenExpiringNotificationTimeInSeconds: 30,
    monitorSession: false,
    // The profile comes from the ID token: the access token is for the API, which the userinfo endpoint may refuse.
    loadUserInfo: false,
    // Cognito's discovery names no end_session_endpoint: its /logout is given instead.
    ...(auth.signOutUrl ? { metadataSeed: { end_session_endpoint: auth.signOutUrl } } : {}),
  };
}

/** Cognito's /logout wants client_id and logout_uri (its own names); other providers get the standard request. */
export function signOutQuery(auth: AuthConfig, origin: string): Record<string, string> | undefined {
  return auth.signOutUrl ? { client_id: auth.clientId, logout_uri: `${origin}/` } : undefined;
}

/** The name to show for the signed-in person: their name, else their email, else their username. */
export function displayName(profile: Partial<UserProfile> | null | undefined): string {
  for (const claim of [profile?.name, profile?.email, profile?.preferred_username, (profile as Record<string, unknown> | undefined)?.['cognito:username']]) {
    if (typeof claim === 'string' && claim.trim()) return claim.trim();
  }
  return 'Signed in';
}

/**
 * A path on this site to go back to after signing in; anything else (another origin, "//host", the callback itself)
 * becomes "/". The state comes back through the provider, so it is checked, not trusted.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  try {
    const url = new URL(value, 'http://gistcloud.invalid');
    // Checked after parsing too: "/..//evil.example" normalises to the path "//evil.example", another host's address.
    if (url.origin !== 'http://gistcloud.invalid' || url.pathname === CallbackPath || url.pathname.startsWith('//')) return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}
