import { useEffect, useState } from 'preact/hooks';
import type { SyncRun, SyncStatus } from '../api/types';
import { formatDateTime, formatDuration, formatInterval, formatRelative } from '../format';
import { useApi } from './context';
import { Empty, ErrorNote, Loading } from './States';
import { useAsync } from './useAsync';

const RefreshMs = 10_000;
const PollMs = 1_000;
const PollLimit = 120;

export function SyncView() {
  const api = useApi();
  const [data, reload] = useAsync(async () => {
    const [status, runs] = await Promise.all([api.syncStatus(), api.listRuns({ limit: 20 })]);
    return { status, runs: runs.items };
  }, []);

  // Keeps "next run due" and the list current while the page is open.
  useEffect(() => {
    const timer = setInterval(reload, RefreshMs);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <section aria-labelledby="sync-title">
      <h1 id="sync-title">Sync</h1>
      {data.state === 'loading' && <Loading what="the sync runs" />}
      {data.state === 'error' && <ErrorNote error={data.error} retry={reload} />}
      {data.state === 'ok' && (
        <>
          <Schedule status={data.data.status} onFinished={reload} />
          <h2>Recent runs</h2>
          {data.data.runs.length === 0 ? <Empty>No sync has run yet.</Empty> : <RunList runs={data.data.runs} />}
        </>
      )}
    </section>
  );
}

function Schedule({ status, onFinished }: { status: SyncStatus; onFinished: () => void }) {
  const api = useApi();
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [running, setRunning] = useState(false);

  const syncNow = async () => {
    setRunning(true);
    setError(null);
    try {
      const { runId } = await api.startSync();
      setNote('Sync started…');
      onFinished();
      const run = await waitForRun(runId);
      setNote(
        run.outcome === 'running' || run.outcome === 'queued'
          ? `The sync is ${run.outcome === 'queued' ? 'queued' : 'still running'}; the list refreshes on its own.`
          : `Sync ${outcomeLabel[run.outcome].toLowerCase()}: ${run.figures.gistsStored} new gists.`,
      );
    } catch (e) {
      setNote('');
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setRunning(false);
      onFinished();
    }
  };

  const waitForRun = async (runId: string): Promise<SyncRun> => {
    let run = await api.getRun(runId);
    for (let i = 0; (run.outcome === 'running' || run.outcome === 'queued') && i < PollLimit; i++) {
      await new Promise((resolve) => setTimeout(resolve, PollMs));
      run = await api.getRun(runId);
    }
    return run;
  };

  return (
    <div class="schedule">
      {status.workerHosted ? (
        <p>
          This API runs the sync {status.interval ? formatInterval(status.interval) : ''}.
          {status.nextRunAt && (
            <>
              {' '}Next run due <time dateTime={status.nextRunAt} title={formatDateTime(status.nextRunAt)}>{formatRelative(status.nextRunAt)}</time>.
            </>
          )}
          {status.runningRunId && ' A run is in progress.'}
        </p>
      ) : (
        <p>The sync runs on its own schedule outside this API (every 3 hours by default); its runs show below.</p>
      )}
      {(status.canStartRun ?? status.workerHosted) && (
        <button type="button" class="primary" onClick={syncNow} disabled={running}>
          {running ? 'Syncing…' : 'Sync now'}
        </button>
      )}
      <p class="notice" role="status">
        {note}
      </p>
      {error && <ErrorNote error={error} />}
    </div>
  );
}

const outcomeLabel = { queued: 'Queued', running: 'Running', completed: 'Completed', stoppedEarly: 'Stopped early', skipped: 'Skipped', failed: 'Failed' } as const;

function RunList({ runs }: { runs: SyncRun[] }) {
  return (
    <ol class="runs" aria-label="Recent sync runs">
      {runs.map((run) => (
        <li key={run.runId} class="run" data-run-id={run.runId}>
          <p class="run-head">
            <span class={`badge outcome-${run.outcome}`}>{outcomeLabel[run.outcome]}</span>{' '}
            <time dateTime={run.startedAt} title={formatDateTime(run.startedAt)}>
              {formatRelative(run.startedAt)}
            </time>
            <span class="muted">
              {' · '}
              {run.trigger === 'manual' ? 'started by hand' : 'scheduled'} · took {formatDuration(run.durationMs)}
            </span>
          </p>
          {run.message && <p class="reason">{run.message}</p>}
          {run.errors.map((e) => (
            <p key={e.username} class="reason">
              {e.username}: {e.error}
            </p>
          ))}
          <dl class="figures">
            <Figure label="Users checked" value={run.figures.usersChecked} />
            <Figure label="Users changed" value={run.figures.usersChanged} />
            <Figure label="New gists" value={run.figures.gistsStored} />
            <Figure label="Published" value={run.figures.gistsPublished} />
            <Figure label="Publish failures" value={run.figures.gistsFailed} />
            <Figure label="GitHub requests" value={run.figures.gitHubRequests} />
            <Figure label="Unchanged (304)" value={run.figures.gitHubNotModified} />
            <Figure label="Rate limit left" value={run.figures.rateLimitRemaining} />
            {run.figures.graphQLRequests ? (
              <Figure label="GraphQL calls (points)" value={`${run.figures.graphQLRequests} (${run.figures.graphQLPoints ?? 0})`} />
            ) : null}
          </dl>
        </li>
      ))}
    </ol>
  );
}

function Figure({ label, value }: { label: string; value: number | string | null }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value ?? '—'}</dd>
    </div>
  );
}
