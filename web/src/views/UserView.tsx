import { useEffect, useRef, useState } from 'preact/hooks';
import type { Gist, NewGists, User } from '../api/types';
import { ApiError } from '../api/problem';
import { addedByText } from '../actors';
import { plural, safeHttpUrl } from '../format';
import { loadAll } from '../paging';
import { NewPageSize, newPages, summarizeNew } from '../visits';
import { Avatar } from './Avatar';
import { UserStatusBadge } from './Badges';
import { useApi, usePermissions } from './context';
import { gistAnchor, GistList, type GistActions } from './GistItem';
import { Link } from './Link';
import { MonthChart } from './MonthChart';
import { ErrorNote } from './States';
import { useAsync } from './useAsync';
import { When } from './When';

const MaxGistPages = 10; // 1,000 gists at 100 a page: plenty for a year's chart and the list
const ListStep = 20;

/**
 * A user's page. The user, their gists (one fetch for the chart and the list) and this viewer's new gists are asked
 * for at once; skeletons of about the final size hold the space until each arrives, so nothing jumps.
 */
export function UserView({ username }: { username: string }) {
  // Tracking a user from their not-tracked page starts the page afresh (every request again, nothing stale shown).
  const [generation, setGeneration] = useState(0);
  return <UserPage key={generation} username={username} onTracked={() => setGeneration((g) => g + 1)} />;
}

function UserPage({ username, onTracked }: { username: string; onTracked: () => void }) {
  const api = useApi();
  const [user, reloadUser] = useAsync(() => api.getUser(username), [username]);
  const [gists, reloadGists] = useAsync(() => loadAll((cursor) => api.listGists(username, { cursor, limit: 100 }), MaxGistPages), [username]);
  const [fresh, reloadFresh] = useAsync(() => api.listNew(username, { limit: NewPageSize }), [username]);
  const [sync] = useAsync(() => api.syncStatus().catch(() => null), []);
  if (user.state === 'error') {
    if (user.error instanceof ApiError && user.error.status === 404) return <NotTracked username={username} onTracked={onTracked} />;
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
  // The header, "new" and the sync status appear together: one arriving before another would push the page down
  // (or draw it all again).
  if (user.state === 'loading' || fresh.state === 'loading' || sync.state === 'loading') return <UserSkeleton />;

  const nextSyncAt = sync.state === 'ok' ? (sync.data?.nextRunAt ?? null) : null;
  return (
    <section key="page" aria-labelledby="user-title" class="user-page">
      <UserHeader user={user.data} />
      {fresh.state === 'error' ? (
        <ErrorNote error={fresh.error} retry={reloadFresh} />
      ) : (
        <NewAndAll
          key={username}
          username={username}
          user={user.data}
          fresh={fresh.data}
          gists={gists}
          reloadGists={reloadGists}
          reloadFresh={reloadFresh}
          nextSyncAt={nextSyncAt}
        />
      )}
    </section>
  );
}

function UserHeader({ user }: { user: User }) {
  const name = user.displayName || user.username;
  const person = safeHttpUrl(user.pipedrivePersonUrl);
  return (
    <header class="profile">
      <Avatar url={user.avatarUrl} name={name} size={72} eager />
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
          {person && (
            <>
              {' · '}
              <a href={person} rel="noopener noreferrer">
                Person in Pipedrive
              </a>
            </>
          )}
        </p>
        <p class="meta">
          <UserStatusBadge user={user} /> {plural(user.gistCount, 'gist')}
          {' · '}
          {user.lastSyncedAt ? <When at={user.lastSyncedAt} prefix="synced " /> : 'not synced yet'}
        </p>
        {addedByText(user.addedBy) && (
          <p class="meta added-by">
            {addedByText(user.addedBy)} <When at={user.addedAt} />
          </p>
        )}
        {user.lastError && <p class="reason">{user.lastError}</p>}
      </div>
    </header>
  );
}

interface NewAndAllProps {
  username: string;
  user: User;
  fresh: NewGists;
  gists: ReturnType<typeof useAsync<{ items: Gist[]; truncated: boolean }>>[0];
  reloadGists: () => void;
  reloadFresh: () => void;
  nextSyncAt: string | null;
}

/**
 * "New for you" and "All gists". Marking seen changes what this page shows at once (the answers hold the new count);
 * focus then moves to where the reader was (the next new gist, else the section's heading) and a polite live region
 * says what happened.
 */
function NewAndAll({ username, user, fresh, gists, reloadGists, reloadFresh, nextSyncAt }: NewAndAllProps) {
  const api = useApi();
  const [seen, setSeen] = useState<ReadonlySet<string>>(new Set());
  const [allSeen, setAllSeen] = useState(false);
  const [newCount, setNewCount] = useState(fresh.newCount);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const focusAfter = useRef<string | null>(null);
  // The first page of new gists came with the count; "Show more" appends the next ones (no render waits for them).
  const [more, setMore] = useState<{ items: Gist[]; nextCursor: string | null }>({ items: [], nextCursor: fresh.nextCursor });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error | null>(null);
  const shownFresh = useRef(fresh);

  // A new answer (after "Mark all as seen" found gists stored meanwhile) starts the section afresh; not on mount.
  useEffect(() => {
    if (shownFresh.current === fresh) return;
    shownFresh.current = fresh;
    setNewCount(fresh.newCount);
    setSeen(new Set());
    setAllSeen(false);
    setMore({ items: [], nextCursor: fresh.nextCursor });
  }, [fresh]);

  const loadMore = async () => {
    if (loadingMore || more.nextCursor === null) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await newPages(api, username, fresh)(more.nextCursor);
      setMore((old) => ({ items: [...old.items, ...page.items], nextCursor: page.nextCursor }));
    } catch (e) {
      setMoreError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setLoadingMore(false);
    }
  };

  const isNew = (gist: Gist) => !allSeen && !seen.has(gist.id) && gist.isNew === true;
  const withSeen = (list: Gist[]) => list.map((g) => (g.isNew && !isNew(g) ? { ...g, isNew: false } : g));
  const allGists = gists.state === 'ok' ? withSeen(gists.data.items) : null;
  const newGists = withSeen([...fresh.gists, ...more.items].map((g) => ({ ...g, isNew: true }))).filter((g) => g.isNew);
  const gistCount = gists.state === 'ok' ? Math.max(gists.data.items.length, user.gistCount) : user.gistCount;
  const summary = summarizeNew(newCount, gistCount);

  // After a change, focus the element chosen before it (a "Mark as seen" button by gist id, or the heading).
  useEffect(() => {
    const target = focusAfter.current;
    if (target === null) return;
    focusAfter.current = null;
    const button = target && document.querySelector<HTMLButtonElement>(`[data-gist-id="${CSS.escape(target)}"] .mark-seen`);
    (button || heading.current)?.focus();
  });

  const fail = (e: unknown) => setError(e instanceof Error ? e : new Error(String(e)));

  const markAll = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.markSeen(username, { all: true, throughSeq: fresh.latestSeq });
      setAllSeen(true);
      setNewCount(result.newCount);
      focusAfter.current = '';
      setAnnouncement(`Marked ${plural(newCount, 'gist')} as seen.`);
      if (result.newCount > 0) {
        // Gists stored since this page loaded stay new: show them.
        reloadFresh();
        reloadGists();
      }
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const markOne = async (gist: Gist) => {
    setBusy(true);
    setError(null);
    // The next new gist in the list where the button was pressed, else the one before, else the heading.
    const order = (summary.kind === 'all' ? (allGists ?? []) : newGists).filter(isNew).map((g) => g.id);
    const at = order.indexOf(gist.id);
    const next = order[at + 1] ?? order[at - 1] ?? '';
    try {
      const result = await api.markSeen(username, { gistIds: [gist.id] });
      setSeen((old) => new Set([...old, gist.id]));
      setNewCount(result.newCount);
      focusAfter.current = next;
      setAnnouncement(`Marked "${gist.description?.trim() || 'No description'}" as seen. ${result.newCount === 0 ? 'Nothing new left.' : `${result.newCount} new left.`}`);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const actions: GistActions = { nextSyncAt, personUrl: user.pipedrivePersonUrl, markSeen: markOne, busy };

  return (
    <>
      <section class="new" aria-labelledby="new-title">
        <h2 id="new-title" ref={heading} tabIndex={-1}>
          {summary.kind === 'none' ? 'New for you' : `${summary.count} new`}
        </h2>
        <div class="new-head">
          <p class="summary" data-new-count={summary.kind === 'none' ? 0 : summary.count}>
            {summary.kind === 'none' && (gistCount === 0 ? 'No gists stored for this user yet.' : `Nothing new: you have seen all ${plural(gistCount, 'gist')}.`)}
            {summary.kind === 'all' && `All ${plural(summary.count, 'gist')} ${summary.count === 1 ? 'is' : 'are'} new to you; they are marked below.`}
            {summary.kind === 'some' && `${plural(summary.count, 'gist')} you have not seen yet.`}
          </p>
          {summary.kind !== 'none' && (
            <button type="button" class="primary" onClick={markAll} disabled={busy}>
              Mark all as seen
            </button>
          )}
        </div>
        <p class="visually-hidden" role="status">
          {announcement}
        </p>
        {error && <ErrorNote error={error} />}
        {summary.kind === 'some' && (
          <>
            <GistList gists={newGists} label="New gists" actions={actions} />
            {more.nextCursor !== null && (
              <button type="button" class="more" onClick={loadMore} disabled={loadingMore}>
                {loadingMore ? 'Loading…' : `Show more new gists (${newGists.length} of ${summary.count})`}
              </button>
            )}
            {moreError && <ErrorNote error={moreError} />}
          </>
        )}
      </section>
      {gists.state === 'error' && <ErrorNote error={gists.error} retry={reloadGists} />}
      {gists.state === 'loading' && <ChartAndListSkeleton count={Math.min(user.gistCount, 3)} />}
      {gists.state === 'ok' && allGists && (
        <>
          <MonthChart gists={gists.data.items} truncated={gists.data.truncated} />
          <AllGists gists={allGists} actions={actions} />
        </>
      )}
    </>
  );
}

/** The list from the one gists fetch, shown 20 at a time; a #gist-{id} link shows as far as that gist and goes to it. */
function AllGists({ gists, actions }: { gists: Gist[]; actions: GistActions }) {
  const [shown, setShown] = useState(() => {
    const anchored = gists.findIndex((g) => `#${gistAnchor(g.id)}` === location.hash);
    return Math.max(ListStep, anchored + 1);
  });

  useEffect(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    const target = document.getElementById(id);
    if (target) {
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    }
  }, []);

  return (
    <section aria-labelledby="all-title">
      <h2 id="all-title">All gists</h2>
      {gists.length === 0 ? (
        <p class="empty">No gists stored for this user.</p>
      ) : (
        <GistList gists={gists.slice(0, shown)} label="All gists" actions={actions} anchored />
      )}
      {shown < gists.length && (
        <button type="button" class="more" onClick={() => setShown((n) => n + ListStep)}>
          Show more gists ({shown} of {gists.length})
        </button>
      )}
    </section>
  );
}

/** Not tracked (404): the same add as on the users list, from here; it needs the admin key like adding does. */
function NotTracked({ username, onTracked }: { username: string; onTracked: () => void }) {
  const api = useApi();
  const { canWrite } = usePermissions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const track = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.addUser(username);
      onTracked();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      setBusy(false);
    }
  };
  return (
    <section class="not-tracked" aria-labelledby="not-tracked-title">
      <h1 id="not-tracked-title">{username}</h1>
      <p>GistCloud does not track {username}. Track them to store their public gists and see what is new.</p>
      <p>
        <button type="button" class="primary" onClick={track} disabled={busy || !canWrite} aria-describedby={canWrite ? undefined : 'track-reason'}>
          {busy ? 'Tracking…' : 'Track this user'}
        </button>
      </p>
      {!canWrite && (
        <p id="track-reason" class="hint">
          Only admins can track users.
        </p>
      )}
      {error && <ErrorNote error={error} />}
      <p>
        <Link href="/">Back to the tracked users</Link>
      </p>
    </section>
  );
}

function UserSkeleton() {
  return (
    <section key="skeleton" class="user-page" aria-busy="true" aria-label="Loading the user">
      <div class="profile skeleton-profile">
        <span class="avatar skeleton" style={{ width: '72px', height: '72px' }} />
        <div class="skeleton-lines">
          <span class="skeleton line wide" />
          <span class="skeleton line" />
          <span class="skeleton line" />
        </div>
      </div>
      <div class="new skeleton-new">
        <span class="skeleton line heading" />
        <span class="skeleton line wide" />
      </div>
      <ChartAndListSkeleton count={2} />
    </section>
  );
}

function ChartAndListSkeleton({ count }: { count: number }) {
  return (
    <div aria-hidden="true">
      <div class="chart">
        <span class="skeleton line heading" />
        <span class="skeleton line" />
        <div class="skeleton chart-box" />
      </div>
      <span class="skeleton line heading" />
      {Array.from({ length: Math.max(count, 1) }, (_, i) => (
        <div key={i} class="skeleton gist-box" />
      ))}
    </div>
  );
}
