import { formatDateTime, formatRelative } from '../format';

/**
 * A moment as people say it ("3 hours ago"), with the exact time on hover and, for keyboard users, on focus
 * (the title shows as a tooltip through CSS, see .when).
 */
export function When({ at, prefix = '' }: { at: string; prefix?: string }) {
  const exact = formatDateTime(at);
  return (
    <time class="when" dateTime={at} title={exact} data-exact={exact} tabIndex={0}>
      {prefix}
      {formatRelative(at)}
    </time>
  );
}
