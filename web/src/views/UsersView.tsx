import { useEffect, useRef, useState } from 'preact/hooks';
import type { SyncStatus, User } from '../api/types';
import { plural } from '../format';
import { pathOf } from '../router';
import { AddUserForm } from './AddUserForm';
import { Avatar } from './Avatar';
import { UserStatusBadge } from './Badges';
import { useApi, usePermissions } from './context';
import { Link } from './Link';
import { Empty, ErrorNote, Loading } from './States';
import { usePaged } from './usePaged';
import { useAsync } from './useAsync';
import { When } from './When';

export function UsersView() {
  const api = useApi();
  const users = usePaged((cursor) => api.listUsers({ cursor, limit: 50 }), []);
  const [notice, setNotice] = useState('');
  const [sync] = useAsync(() => api.syncStatus().catch(() => null), []);
  const heading = useRef<HTMLHeadingElement>(null);
  // After a removal: the username whose link takes focus once the list is back ('' for the heading).
  const focusAfter = useRef<string | null>(null);

  useEffect(() => {
    const target = focusAfter.current;
    if (target === null || !users.paged) return;
    focusAfter.current = null;
    const link = target && document.querySelector<HTMLElement>(`li[data-username="${CSS.escape(target)}"] a.name`);
    (link || heading.current)?.focus();
  }, [users.paged]);

  useEffect(() => {
    if (users.first.state === 'ok') performance.mark('gistcloud:data');
  }, [users.first]);

  const changed = (message: string) => {
    setNotice(message);
    users.reload();
  };

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title" ref={heading} tabIndex={-1}>
        Tracked users
      </h1>
      <p class="lead">GistCloud watches these GitHub users' public gists and keeps what is new for you until you mark it seen.</p>
      <NextSync status={sync.state === 'ok' ? sync.data : null} />
      <AddUserForm onAdded={(user) => changed(`Now tracking ${user.username} (${plural(user.gistCount, 'gist')} stored).`)} />
      <p class="notice" role="status">
        {notice}
      </p>
      {users.first.state === 'loading' && <Loading what="users" />}
      {users.first.state === 'error' && <ErrorNote error={users.first.error} retry={users.reload} />}
      {users.paged && users.paged.items.length === 0 && <Empty>No one is tracked yet. Add a GitHub username above to start.</Empty>}
      {users.paged && users.paged.items.length > 0 && (
        <ul class="users" aria-label="Tracked users">
          {users.paged.items.map((user, i, all) => (
            <UserRow
              key={user.username}
              user={user}
              onRemoved={() => {
                focusAfter.current = (all[i + 1] ?? all[i - 1])?.username ?? '';
                changed(`Stopped tracking ${user.username}.`);
              }}
            />
          ))}
        </ul>
      )}
      {users.paged && !users.paged.complete && (
        <button type="button" onClick={users.loadMore} disabled={users.loadingMore}>
          {users.loadingMore ? 'Loading…' : 'Show more users'}
        </button>
      )}
      {users.moreError && <ErrorNote error={users.moreError} />}
    </section>
  );
}

function UserRow({ user, onRemoved }: { user: User; onRemoved: () => void }) {
  const api = useApi();
  const { canWrite } = usePermissions();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  const name = user.displayName || user.username;

  // Focus follows the question: to "Keep" when it is asked, back to "Remove" when it is withdrawn.
  useEffect(() => {
    if (confirming) keep.current?.focus();
    else if (asked.current) ask.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.removeUser(user.username);
      onRemoved();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      setBusy(false);
    }
  };

  return (
    <li class="user" data-username={user.username}>
      <Avatar url={user.avatarUrl} name={name} />
      <div class="who">
        <Link href={pathOf({ name: 'user', username: user.username })} class="name">
          {name}
        </Link>
        <span class="muted"> @{user.username}</span>
        <p class="meta">
          {(user.newCount ?? 0) > 0 && (
            <>
              <span class="badge new-badge" data-new-count={user.newCount}>
                {user.newCount} new
              </span>{' '}
            </>
          )}
          <UserStatusBadge user={user} /> <span class="count">{plural(user.gistCount, 'gist')}</span>
          {user.lastGistAt && (
            <>
              {' · '}
              <When at={user.lastGistAt} prefix="last gist " />
            </>
          )}
          {' · '}
          {user.lastSyncedAt ? <When at={user.lastSyncedAt} prefix="synced " /> : 'not synced yet'}
        </p>
        {user.status !== 'ok' && user.lastError && <p class="reason">{user.lastError}</p>}
        {error && <ErrorNote error={error} />}
      </div>
      <div class="row-actions">
        {confirming ? (
          <div role="group" aria-label={`Remove ${user.username}?`} onKeyDown={(e) => e.key === 'Escape' && !busy && setConfirming(false)}>
            <span class="confirm-text">Remove {user.username} and their stored gists?</span>
            <button type="button" class="danger" onClick={remove} disabled={busy}>
              {busy ? 'Removing…' : 'Yes, remove'}
            </button>
            <button type="button" ref={keep} onClick={() => setConfirming(false)} disabled={busy}>
              Keep
            </button>
          </div>
        ) : (
          <button
            type="button"
            ref={ask}
            onClick={() => setConfirming(true)}
            aria-label={`Remove ${user.username}`}
            disabled={!canWrite}
            aria-describedby={canWrite ? undefined : 'new-username-message'}
          >
            Remove
          </button>
        )}
      </div>
    </li>
  );
}

/** When the sync runs next: until then new users' gists wait to be published (the demo's "Pending" explained). */
function NextSync({ status }: { status: SyncStatus | null }) {
  return (
    <p class="meta next-sync">
      {status?.runningRunId ? (
        'A sync is running now.'
      ) : status?.nextRunAt ? (
        <>
          Next sync <When at={status.nextRunAt} />: it stores new gists and publishes pending ones.
        </>
      ) : (
        '\u00a0'
      )}
    </p>
  );
}
