import { countPerMonth, type MonthCount } from '../chart';
import { formatMonth, formatMonthShort } from '../format';
import { loadAll } from '../paging';
import { useApi } from './context';
import { ErrorNote, Loading } from './States';
import { useAsync } from './useAsync';

const MaxPages = 10; // 1,000 gists at 100 a page: plenty for a year's chart
const Width = 600;
const Height = 180;
const Bottom = 24;
const Top = 18;

/** Gists created per month over the past year, as an inline SVG bar chart. */
export function MonthChart({ username }: { username: string }) {
  const api = useApi();
  const [gists] = useAsync(() => loadAll((cursor) => api.listGists(username, { cursor, limit: 100 }), MaxPages), [username]);

  return (
    <section class="chart" aria-labelledby="chart-title">
      <h2 id="chart-title">Gists per month</h2>
      {gists.state === 'loading' && <Loading what="the chart" />}
      {gists.state === 'error' && <ErrorNote error={gists.error} />}
      {gists.state === 'ok' && (
        <>
          <Bars counts={countPerMonth(gists.data.items.map((g) => g.createdAt), new Date())} />
          {gists.data.truncated && <p class="muted">Counted from the newest {gists.data.items.length} gists.</p>}
        </>
      )}
    </section>
  );
}

function Bars({ counts }: { counts: MonthCount[] }) {
  const max = Math.max(1, ...counts.map((c) => c.count));
  const slot = Width / counts.length;
  const barWidth = slot * 0.7;
  const scale = (Height - Bottom - Top) / max;
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const description = counts.map((c) => `${formatMonth(c.month)}: ${c.count}`).join(', ');

  return (
    <svg class="bars" viewBox={`0 0 ${Width} ${Height}`} role="img" aria-labelledby="chart-svg-title chart-svg-desc">
      <title id="chart-svg-title">{`${total} gists created in the past ${counts.length} months`}</title>
      <desc id="chart-svg-desc">{description}</desc>
      <line x1="0" x2={Width} y1={Height - Bottom} y2={Height - Bottom} class="axis" />
      {counts.map((c, i) => {
        const height = c.count * scale;
        const x = i * slot + (slot - barWidth) / 2;
        const y = Height - Bottom - height;
        return (
          <g key={c.month}>
            <rect x={x} y={y} width={barWidth} height={height} rx="3" class="bar">
              <title>{`${formatMonth(c.month)}: ${c.count} gists`}</title>
            </rect>
            {c.count > 0 && (
              <text x={x + barWidth / 2} y={y - 4} class="value" text-anchor="middle">
                {c.count}
              </text>
            )}
            <text x={x + barWidth / 2} y={Height - 8} class="label" text-anchor="middle">
              {formatMonthShort(c.month)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
