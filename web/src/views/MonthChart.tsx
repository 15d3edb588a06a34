import { barPercent, countPerMonth, monthKey, showsYear, type MonthCount } from '../chart';
import { formatMonth, formatMonthShort, plural } from '../format';
import type { Gist } from '../api/types';
import { When } from './When';

/**
 * Gists created per month over the past year. Plain HTML rather than an SVG picture: every count is printed on its
 * bar, so nothing hides behind a mouse hover (touch and keyboard read the same), the labels keep the page's text
 * size on phones, and a screen reader reads it as a list of "month: count".
 */
export function MonthChart({ gists, truncated, now = new Date() }: { gists: Gist[]; truncated: boolean; now?: Date }) {
  const counts = countPerMonth(
    gists.map((g) => g.createdAt),
    now,
  );
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const range = `${formatMonth(counts[0]!.month)} – ${formatMonth(counts.at(-1)!.month)}`;
  const newest = gists[0]?.createdAt;

  return (
    <section class="chart" aria-labelledby="chart-title">
      <h2 id="chart-title">Gists per month</h2>
      <p class="muted chart-range">
        {range}: {plural(total, 'gist')} created{truncated && `, counted from the newest ${gists.length}`}.
      </p>
      {total === 0 ? (
        <p class="empty chart-empty">
          No gists created in the past 12 months.{newest && <> The newest is from <When at={newest} />.</>}
        </p>
      ) : (
        <Bars counts={counts} current={monthKey(now)} />
      )}
    </section>
  );
}

function Bars({ counts, current }: { counts: MonthCount[]; current: string }) {
  const max = Math.max(...counts.map((c) => c.count));
  return (
    <ol class="month-bars" aria-label="Gists created per month">
      {counts.map((c, i) => {
        const isCurrent = c.month === current;
        return (
          <li key={c.month} class={isCurrent ? 'current' : undefined} aria-current={isCurrent ? 'date' : undefined}>
            <span class="plot" aria-hidden="true">
              <span class="value">{c.count}</span>
              <span class="bar" style={{ height: `${barPercent(c.count, max)}%` }} />
            </span>
            <span class="label" aria-hidden="true">
              {formatMonthShort(c.month)}
              {showsYear(counts, i) && <span class="year">{c.month.slice(0, 4)}</span>}
            </span>
            <span class="visually-hidden">
              {formatMonth(c.month)}
              {isCurrent && ' (this month)'}: {plural(c.count, 'gist')}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
