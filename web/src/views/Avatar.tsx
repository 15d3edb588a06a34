import { useState } from 'preact/hooks';

/** The GitHub avatar, or the name's first letter when it cannot be loaded (offline, blocked). */
/** `eager`: above the fold (a profile's avatar), so the browser does not wait to see it is needed. */
export function Avatar({ url, name, size = 48, eager = false }: { url: string | null; name: string; size?: number; eager?: boolean }) {
  const [failed, setFailed] = useState(false);
  const style = { width: `${size}px`, height: `${size}px` };
  if (!url || failed) {
    return (
      <span class="avatar fallback" style={style} aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
    );
  }
  return <img class="avatar" src={url} alt="" width={size} height={size} loading={eager ? 'eager' : 'lazy'} referrerpolicy="no-referrer" onError={() => setFailed(true)} />;
}
