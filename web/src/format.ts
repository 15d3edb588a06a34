// Dates and durations as people read them, in the browser's locale and time zone.

// Made on first use: building an Intl formatter costs more than using one, and a page needs only some of them.
// No formatter names a time zone: a second zone (UTC) would load its data too, on the page's critical path.
const lazy = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => (made ??= make());
};
const dateTime = lazy(() => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
const date = lazy(() => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }));
const relative = lazy(() => new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }));
const monthName = lazy(() => new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' }));
const monthShort = lazy(() => new Intl.DateTimeFormat(undefined, { month: 'short' }));

export const formatDateTime = (iso: string): string => dateTime().format(new Date(iso));

export const formatDate = (iso: string): string => date().format(new Date(iso));

// Mid-month at noon UTC is in the same month in every time zone (they differ from UTC by at most 14 hours).
const midMonth = (month: string) => new Date(`${month}-15T12:00:00Z`);

/** "2025-03" as "Mar 2025". */
export const formatMonth = (month: string): string => monthName().format(midMonth(month));

/** "2025-03" as "Mar". */
export const formatMonthShort = (month: string): string => monthShort().format(midMonth(month));

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "3 minutes ago", "in 25 seconds". */
export function formatRelative(iso: string, now: Date = new Date()): string {
  let value = (new Date(iso).getTime() - now.getTime()) / 1000;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return relative().format(Math.round(value), unit);
    value /= size;
  }
  return formatDate(iso);
}

/** "1 gist", "2 gists", "0 gists": English plurals by adding s unless told otherwise. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  return seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** A .NET TimeSpan ("d.hh:mm:ss" or "hh:mm:ss") as "every 3 h", "every 30 s". */
export function formatInterval(timeSpan: string): string {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(timeSpan);
  if (!match) return timeSpan;
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number];
  const parts = [days && `${days} d`, hours && `${hours} h`, minutes && `${minutes} min`, seconds && `${seconds} s`].filter(Boolean);
  return `every ${parts.join(' ') || '0 s'}`;
}

/** The URL when it is http(s), else undefined: links come from GitHub's data, and a `javascript:` URL must never become a link. */
export function safeHttpUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
