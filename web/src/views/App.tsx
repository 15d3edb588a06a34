import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { useRoute, type Route } from '../router';
import { ApiContext } from './context';
import type { KeyRequests } from '../keyRequests';
import { KeyPrompt } from './KeyPrompt';
import { Link } from './Link';
import { SyncView } from './SyncView';
import { UsersView } from './UsersView';
import { UserView } from './UserView';

/** The signed-in person shown in the header (sign-in on). */
export interface Account {
  name: string;
  onSignOut: () => void;
}

export function App({ client, keyRequests, account }: { client: ApiClient; keyRequests?: KeyRequests; account?: Account }) {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a navigation, move focus to the new page so keyboard and screen reader users start there.
  useEffect(() => {
    document.title = titleOf(route);
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [route]);

  return (
    <ApiContext.Provider value={client}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          GistCloud
        </Link>
        <nav aria-label="Main">
          <Link href="/" class={route.name === 'users' || route.name === 'user' ? 'current' : undefined}>
            Users
          </Link>
          <Link href="/sync" class={route.name === 'sync' ? 'current' : undefined}>
            Sync
          </Link>
        </nav>
        {account && <AccountMenu account={account} />}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
      {keyRequests && <KeyPrompt requests={keyRequests} />}
    </ApiContext.Provider>
  );
}

function AccountMenu({ account }: { account: Account }) {
  const [leaving, setLeaving] = useState(false);
  return (
    <div class="account">
      <span class="signed-in-as">
        Signed in as <strong>{account.name}</strong>
      </span>
      <button
        type="button"
        disabled={leaving}
        onClick={() => {
          setLeaving(true);
          account.onSignOut();
        }}
      >
        {leaving ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'users':
      return <UsersView />;
    case 'user':
      return <UserView key={route.username} username={route.username} />;
    case 'sync':
      return <SyncView />;
    case 'not-found':
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <Link href="/">See the tracked users</Link>.
          </p>
        </section>
      );
  }
}

function titleOf(route: Route): string {
  switch (route.name) {
    case 'users':
      return 'GistCloud';
    case 'user':
      return `${route.username} · GistCloud`;
    case 'sync':
      return 'Sync · GistCloud';
    case 'not-found':
      return 'Not found · GistCloud';
  }
}
