import type { Gist, User } from '../api/types';
import { safeHttpUrl } from '../format';
import { When } from './When';

const userStatusLabel = { ok: 'OK', notFound: 'Not found on GitHub', error: 'Error' } as const;

export function UserStatusBadge({ user }: { user: User }) {
  return (
    <span class={`badge status-${user.status}`} data-status={user.status}>
      {userStatusLabel[user.status]}
    </span>
  );
}

const publishLabel = { published: 'Published', pending: 'Pending', failed: 'Failed', disabled: 'Disabled' } as const;
const publishHint = {
  published: 'Published to Pipedrive',
  pending: 'Waiting to be published to Pipedrive',
  failed: 'Publishing to Pipedrive failed',
  disabled: 'Publishing to Pipedrive is off',
} as const;

/**
 * Where the gist stands in Pipedrive. A failure says why, which attempt it was and when the next one comes (the next
 * sync publishes what is due); a published gist links to its item when the API knows Pipedrive's address.
 */
export function PublishBadge({ pipedrive, nextSyncAt, personUrl }: { pipedrive: Gist['pipedrive']; nextSyncAt: string | null; personUrl: string | null }) {
  const { status, itemId, lastError, attempts, maxAttempts } = pipedrive;
  const itemUrl = safeHttpUrl(pipedrive.itemUrl);
  const person = safeHttpUrl(personUrl);
  const retries = maxAttempts === undefined || attempts < maxAttempts;
  return (
    <div class="publish" data-publish={status}>
      <span class={`badge publish-${status}`} title={publishHint[status]}>
        Pipedrive: {publishLabel[status]}
      </span>
      {status === 'published' && itemId !== null && (
        <span class="muted">
          {' '}
          {itemUrl ? (
            <a href={itemUrl} rel="noopener noreferrer">
              item #{itemId} in Pipedrive
            </a>
          ) : person ? (
            <a href={person} rel="noopener noreferrer">
              item #{itemId} (on the person in Pipedrive)
            </a>
          ) : (
            `item #${itemId}`
          )}
        </span>
      )}
      {status === 'pending' && (
        <span class="muted">
          {' '}
          {nextSyncAt ? <>published by the next sync, <When at={nextSyncAt} /></> : 'published by the next sync'}
        </span>
      )}
      {status === 'failed' && (
        <>
          <span class="attempts">
            {' '}
            Attempt {attempts}
            {maxAttempts !== undefined && ` of ${maxAttempts}`}
            {' · '}
            {retries ? (
              nextSyncAt ? <>retried <When at={nextSyncAt} /></> : 'retried at the next sync'
            ) : (
              'no more automatic retries'
            )}
          </span>
          {lastError && <span class="reason">{lastError}</span>}
        </>
      )}
    </div>
  );
}
