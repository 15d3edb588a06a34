import { useState } from 'preact/hooks';

/** The GitHub avatar, or the name's first letter when it cannot be loaded (offline, blocked). */
export function Avatar({ url, name, size = 48 }: { url: string | null; name: string; size?: number }) {
  const [failed, setFailed] = useState(false);
  const style = { width: `${size}px`, height: `${size}px` };
  if (!url || failed) {
    return (
      <span class="avatar fallback" style={style} aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
    );
  }
  return <img class="avatar" src={url} alt="" width={size} height={size} loading="lazy" referrerpolicy="no-referrer" onError={() => setFailed(true)} />;
}
