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

function monthKey(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}
