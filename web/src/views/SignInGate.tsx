import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { SignInSession, SignInStatus } from '../auth/session';
import { CallbackPath } from '../auth/settings';
import { App } from './App';
import { PermissionsContext, type Permissions } from './context';

type Stage = { kind: 'checking' } | SignInStatus;

/**
 * Sign-in on: the pages for a signed-in person, a sign-in screen otherwise, and /auth/callback finishing a sign-in
 * (then back to the page the person started on). What they may change comes from GET /api/me.
 */
export function SignInGate({ session, client }: { session: SignInSession; client: ApiClient }) {
  const [stage, setStage] = useState<Stage>({ kind: 'checking' });
  const [callbackError, setCallbackError] = useState<Error | null>(null);
  const [permissions, setPermissions] = useState<Permissions | null>(null);

  useEffect(() => {
    // Changes are followed once the start is done: the callback's "signed in" must not draw the pages while the
    // address is still /auth/callback.
    let unsubscribe: (() => void) | null = null;
    let mounted = true;
    const started =
      location.pathname === CallbackPath
        ? session.completeSignIn().then(
            (path) => history.replaceState(null, '', path),
            (error: unknown) => {
              setCallbackError(error instanceof Error ? error : new Error(String(error)));
              history.replaceState(null, '', '/');
            },
          )
        : session.restore();
    started
      .catch(() => undefined)
      .finally(() => {
        if (!mounted) return;
        setStage(session.status);
        unsubscribe = session.subscribe(setStage);
      });
    return () => {
      mounted = false;
      unsubscribe?.();
    };
  }, [session]);

  const signedIn = stage.kind === 'signedIn';
  useEffect(() => {
    if (!signedIn) return setPermissions(null);
    let current = true;
    client.me().then(
      (me) => current && setPermissions({ canWrite: me.isAdmin }),
      // An API without /api/me, or one that failed: leave the controls on; the API still decides each write.
      () => current && setPermissions({ canWrite: true }),
    );
    return () => {
      current = false;
    };
  }, [signedIn, client]);

  if (stage.kind === 'checking' || (signedIn && !permissions)) {
    return (
      <p class="boot" role="status">
        {location.pathname === CallbackPath ? 'Signing you in…' : 'Loading GistCloud…'}
      </p>
    );
  }
  if (stage.kind === 'signedOut') return <SignInScreen session={session} reason={stage.reason} error={callbackError} />;
  return (
    <PermissionsContext.Provider value={permissions!}>
      <App client={client} account={{ name: stage.name, onSignOut: () => void session.signOut() }} />
    </PermissionsContext.Provider>
  );
}

function SignInScreen({ session, reason, error }: { session: SignInSession; reason: string | null; error: Error | null }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(error);
  useEffect(() => {
    document.title = 'Sign in · GistCloud';
  }, []);

  const signIn = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await session.signIn(); // the browser leaves for the provider's page
    } catch (e) {
      setFailure(e instanceof Error ? e : new Error(String(e)));
      setBusy(false);
    }
  };

  return (
    <>
      <header class="top">
        <span class="brand">GistCloud</span>
      </header>
      <main id="main" class="sign-in" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">GistCloud</h1>
        <p class="lead">The public gists of the GitHub users your team follows, and which of them are new to you.</p>
        {reason && (
          <p class="notice" role="status">
            {reason}
          </p>
        )}
        {failure && (
          <div class="error" role="alert">
            <p>Signing in did not work: {failure.message}</p>
          </div>
        )}
        <button type="button" class="primary" onClick={signIn} disabled={busy}>
          {busy ? 'Going to sign-in…' : 'Sign in to GistCloud'}
        </button>
      </main>
    </>
  );
}
