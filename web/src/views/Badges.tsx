import type { Gist, User } from '../api/types';

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

/** Where the gist stands in Pipedrive; a failure says why. */
export function PublishBadge({ pipedrive }: { pipedrive: Gist['pipedrive'] }) {
  const { status, itemId, lastError } = pipedrive;
  return (
    <p class="publish" data-publish={status}>
      <span class={`badge publish-${status}`} title={publishHint[status]}>
        Pipedrive: {publishLabel[status]}
      </span>
      {status === 'published' && itemId !== null && <span class="muted"> item #{itemId}</span>}
      {status === 'failed' && lastError && <span class="reason">{lastError}</span>}
    </p>
  );
}
