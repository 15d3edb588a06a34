import { useMemo } from 'preact/hooks';
import type { User, Visit } from '../api/types';
import { formatDateTime, formatRelative, safeHttpUrl } from '../format';
import { storedValue, webStorage } from '../storage';
import { openVisit, summarizeVisit, visitPages } from '../visits';
import { Avatar } from './Avatar';
import { UserStatusBadge } from './Badges';
import { useApi } from './context';
import { GistList } from './GistItem';
import { Link } from './Link';
import { MonthChart } from './MonthChart';
import { Empty, ErrorNote, Loading } from './States';
import { useAsync } from './useAsync';
import { usePaged } from './usePaged';

export function UserView({ username }: { username: string }) {
  const api = useApi();
  const [user, reloadUser] = useAsync(() => api.getUser(username), [username]);

  if (user.state === 'loading') return <Loading what={username} />;
  if (user.state === 'error') {
    return (
      <section>
        <h1>{username}</h1>
        <ErrorNote error={user.error} retry={reloadUser} />
        <p>
          <Link href="/">Back to the tracked users</Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="user-title">
      <UserHeader user={user.data} />
      <NewSinceLastVisit username={username} />
      <MonthChart username={username} />
      <AllGists username={username} />
    </section>
  );
}

function UserHeader({ user }: { user: User }) {
  const name = user.displayName || user.username;
  return (
    <header class="profile">
      <Avatar url={user.avatarUrl} name={name} size={72} />
      <div>
        <h1 id="user-title">{name}</h1>
        <p class="meta">
          {safeHttpUrl(user.htmlUrl) ? (
            <a href={safeHttpUrl(user.htmlUrl)} rel="noopener noreferrer">
              @{user.username} on GitHub
            </a>
          ) : (
            `@${user.username}`
          )}
          {' · '}
          <UserStatusBadge user={user} /> {user.gistCount} gists{' · '}
          {user.lastSyncedAt ? <span title={formatDateTime(user.lastSyncedAt)}>synced {formatRelative(user.lastSyncedAt)}</span> : 'not synced yet'}
        </p>
        {user.lastError && <p class="reason">{user.lastError}</p>}
      </div>
    </header>
  );
}

/** The visit is recorded when the page opens: this viewer's "new" moves on from here. */
function NewSinceLastVisit({ username }: { username: string }) {
  const api = useApi();
  const viewer = useMemo(() => storedValue(webStorage('localStorage'), 'gistcloud.viewerId'), []);
  const [visit, retry] = useAsync(() => openVisit(api, username, viewer), [username]);

  return (
    <section class="new" aria-labelledby="new-title">
      <h2 id="new-title">New since your last visit</h2>
      {visit.state === 'loading' && <Loading what="what is new" />}
      {visit.state === 'error' && <ErrorNote error={visit.error} retry={retry} />}
      {visit.state === 'ok' && <VisitGists username={username} visit={visit.data} />}
    </section>
  );
}

/** The visit's first page came with it; "Show more" follows its nextCursor through GET …/visits/{visitId}. */
function VisitGists({ username, visit }: { username: string; visit: Visit }) {
  const api = useApi();
  const gists = usePaged(visitPages(api, username, visit), [visit.visitId]);
  const summary = summarizeVisit(visit);
  if (summary.kind === 'nothing-new') {
    return <Empty>Nothing new since your last visit {formatRelative(summary.since)}.</Empty>;
  }
  const first = summary.kind === 'first';
  const shown = gists.paged?.items ?? visit.gists;
  return (
    <>
      <p class="summary" data-new-count={summary.count}>
        {first
          ? summary.count === 0
            ? 'Your first visit: this user has no gists yet.'
            : `Your first visit: all ${summary.count} gists are new to you.`
          : `${summary.count} new since ${formatDateTime(summary.since)}.`}
      </p>
      {shown.length > 0 && <GistList gists={shown} label="New gists" />}
      {gists.paged && !gists.paged.complete && (
        <button type="button" onClick={gists.loadMore} disabled={gists.loadingMore}>
          {gists.loadingMore ? 'Loading…' : `Show more (${shown.length} of ${summary.count})`}
        </button>
      )}
      {gists.moreError && <ErrorNote error={gists.moreError} />}
    </>
  );
}

function AllGists({ username }: { username: string }) {
  const api = useApi();
  const gists = usePaged((cursor) => api.listGists(username, { cursor, limit: 20 }), [username]);
  return (
    <section aria-labelledby="all-title">
      <h2 id="all-title">All gists</h2>
      {gists.first.state === 'loading' && <Loading what="gists" />}
      {gists.first.state === 'error' && <ErrorNote error={gists.first.error} retry={gists.reload} />}
      {gists.paged && gists.paged.items.length === 0 && <Empty>No gists stored for this user.</Empty>}
      {gists.paged && gists.paged.items.length > 0 && <GistList gists={gists.paged.items} label="All gists" />}
      {gists.paged && !gists.paged.complete && (
        <button type="button" onClick={gists.loadMore} disabled={gists.loadingMore}>
          {gists.loadingMore ? 'Loading…' : 'Show more gists'}
        </button>
      )}
      {gists.moreError && <ErrorNote error={gists.moreError} />}
    </section>
  );
}
