import type { Gist } from '../api/types';
import { formatDateTime, safeHttpUrl } from '../format';
import { PublishBadge } from './Badges';

/** One gist. Description and file names are someone else's text: JSX renders them as text, never as HTML. */
export function GistItem({ gist }: { gist: Gist }) {
  const title = gist.description?.trim() || 'No description';
  return (
    <li class="gist" data-gist-id={gist.id}>
      <h3 class={gist.description?.trim() ? undefined : 'muted'}>{title}</h3>
      <ul class="files" aria-label="Files">
        {gist.files.map((file) => (
          <li key={file.filename}>
            <code>{file.filename}</code>
            {file.language && <span class="lang">{file.language}</span>}
          </li>
        ))}
      </ul>
      <p class="meta">
        Created <time dateTime={gist.createdAt}>{formatDateTime(gist.createdAt)}</time>
        {gist.updatedAt !== gist.createdAt && (
          <>
            {' · '}updated <time dateTime={gist.updatedAt}>{formatDateTime(gist.updatedAt)}</time>
          </>
        )}
        {safeHttpUrl(gist.htmlUrl) && (
          <>
            {' · '}
            <a href={safeHttpUrl(gist.htmlUrl)} rel="noopener noreferrer">
              View on GitHub<span class="visually-hidden">: {title}</span>
            </a>
          </>
        )}
      </p>
      <PublishBadge pipedrive={gist.pipedrive} />
    </li>
  );
}

export function GistList({ gists, label }: { gists: Gist[]; label: string }) {
  return (
    <ul class="gists" aria-label={label}>
      {gists.map((gist) => (
        <GistItem key={gist.id} gist={gist} />
      ))}
    </ul>
  );
}
