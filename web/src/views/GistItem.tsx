import type { Gist } from '../api/types';
import { safeHttpUrl } from '../format';
import { PublishBadge } from './Badges';
import { When } from './When';

export const gistAnchor = (id: string) => `gist-${id}`;

export interface GistActions {
  /** The next sync, for "retried in 20 minutes" on failed badges. */
  nextSyncAt: string | null;
  /** The user's person in Pipedrive: where a published activity (which has no page of its own) is seen. */
  personUrl?: string | null;
  /** Marks one new gist seen; shown on new gists only. */
  markSeen?: (gist: Gist) => void;
  busy?: boolean;
}

/** One gist. Description and file names are someone else's text: JSX renders them as text, never as HTML. */
export function GistItem({ gist, actions, anchored }: { gist: Gist; actions: GistActions; anchored: boolean }) {
  const title = gist.description?.trim() || 'No description';
  const htmlUrl = safeHttpUrl(gist.htmlUrl);
  return (
    <li class={gist.isNew ? 'gist is-new' : 'gist'} data-gist-id={gist.id} id={anchored ? gistAnchor(gist.id) : undefined} tabIndex={-1}>
      <div class="gist-head">
        <div class="gist-title">
          {gist.isNew && <span class="badge new-badge">New</span>}
          <h3 class={gist.description?.trim() ? undefined : 'muted'}>{title}</h3>
        </div>
        {gist.isNew && actions.markSeen && (
          <button type="button" class="small mark-seen" disabled={actions.busy} onClick={() => actions.markSeen!(gist)}>
            Mark as seen<span class="visually-hidden">: {title}</span>
          </button>
        )}
      </div>
      <ul class="files" aria-label="Files">
        {gist.files.map((file) => (
          <li key={file.filename}>
            <code>{file.filename}</code>
            {file.language && <span class="lang">{file.language}</span>}
          </li>
        ))}
      </ul>
      <p class="meta">
        <When at={gist.createdAt} prefix="Created " />
        {gist.updatedAt !== gist.createdAt && (
          <>
            {' · '}
            <When at={gist.updatedAt} prefix="updated " />
          </>
        )}
        {htmlUrl && (
          <>
            {' · '}
            <a href={htmlUrl} rel="noopener noreferrer">
              View on GitHub<span class="visually-hidden">: {title}</span>
            </a>
          </>
        )}
      </p>
      <PublishBadge pipedrive={gist.pipedrive} nextSyncAt={actions.nextSyncAt} personUrl={actions.personUrl ?? null} />
    </li>
  );
}

/** `anchored`: the list whose items carry the #gist-{id} anchors that sync runs link to (one list per page). */
export function GistList({ gists, label, actions, anchored = false }: { gists: Gist[]; label: string; actions: GistActions; anchored?: boolean }) {
  return (
    <ul class="gists" aria-label={label}>
      {gists.map((gist) => (
        <GistItem key={gist.id} gist={gist} actions={actions} anchored={anchored} />
      ))}
    </ul>
  );
}
