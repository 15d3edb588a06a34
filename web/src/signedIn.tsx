// Sign-in on (config.json has `auth`): loaded only then, so the app without sign-in carries none of oidc-client-ts.
import { render } from 'preact';
import { ApiClient } from './api/client';
import { SignInSession } from './auth/session';
import type { AppConfig, AuthConfig } from './config';
import { SignInGate } from './views/SignInGate';

export function startSignedIn(config: AppConfig & { auth: AuthConfig }, root: HTMLElement): void {
  // Tokens stay in this tab (sessionStorage): never in localStorage, where every later page of the origin could read them.
  const session = new SignInSession(config.auth, location.origin, sessionStorage);
  const client = new ApiClient({ base: config.apiBase, auth: session });
  root.textContent = '';
  render(<SignInGate session={session} client={client} />, root);
}
