export interface MonthCount {
  /** "2025-03" (UTC). */
  month: string;
  count: number;
}

/** Counts per calendar month (UTC) of `dates`, for the `months` months up to and including `now`'s, oldest first. */
export function countPerMonth(dates: readonly string[], now: Date, months = 12): MonthCount[] {
  const buckets = new Map<string, number>();
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  for (let i = months - 1; i >= 0; i--) {
    const start = new Date(end);
    start.setUTCMonth(start.getUTCMonth() - i);
    buckets.set(monthKey(start), 0);
  }
  for (const text of dates) {
    const date = new Date(text);
    if (Number.isNaN(date.getTime())) continue;
    const key = monthKey(date);
    const count = buckets.get(key);
    if (count !== undefined) buckets.set(key, count + 1);
  }
  return [...buckets].map(([month, count]) => ({ month, count }));
}

/**
 * Where a month's label shows its year too: every January, and the first month unless a January follows within two
 * columns (two years side by side do not fit a phone's narrow columns; the range above the chart names both).
 */
export function showsYear(counts: readonly MonthCount[], index: number): boolean {
  const isJanuary = (i: number) => counts[i]?.month.endsWith('-01') ?? false;
  return isJanuary(index) || (index === 0 && !isJanuary(1) && !isJanuary(2));
}

/** A bar's height in percent of the tallest; a month with gists is never drawn thinner than `min` percent. */
export function barPercent(count: number, max: number, min = 4): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(min, Math.round((count / max) * 100));
}

export function monthKey(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}
