import { useEffect, useState } from 'preact/hooks';
import type { ActivityEntry, SyncRun, SyncStatus } from '../api/types';
import { ApiError } from '../api/problem';
import { formatDuration, formatInterval, formatRelative, plural } from '../format';
import { pathOf } from '../router';
import { groupRuns } from '../runs';
import { activitySentence, runTrigger } from '../actors';
import { gistAnchor } from './GistItem';
import { Link } from './Link';
import { When } from './When';
import { useApi, usePermissions } from './context';
import { Empty, ErrorNote, Loading } from './States';
import { useAsync } from './useAsync';

const RefreshMs = 10_000;
const ActivityShown = 10;
const PollMs = 1_000;
const PollLimit = 120;

export function SyncView() {
  const api = useApi();
  const [data, reload] = useAsync(async () => {
    const [status, runs, activity] = await Promise.all([
      api.syncStatus(),
      api.listRuns({ limit: 20 }),
      // Older APIs have no activity log: the page still shows the runs.
      api.listActivity({ limit: ActivityShown }).then((page) => page.items, () => null),
    ]);
    return { status, runs: runs.items, activity };
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
          {data.data.activity && <ActivityList entries={data.data.activity} />}
        </>
      )}
    </section>
  );
}

function Schedule({ status, onFinished }: { status: SyncStatus; onFinished: () => void }) {
  const api = useApi();
  const { canWrite } = usePermissions();
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
          : `Sync ${outcomeLabel[run.outcome].toLowerCase()}: ${plural(run.figures.gistsStored, 'new gist')}.`,
      );
    } catch (e) {
      setNote('');
      if (e instanceof ApiError && e.status === 409) setNote(await alreadyRunning());
      else setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setRunning(false);
      onFinished();
    }
  };

  // The API's 409 speaks of its lease; people want to know that a run is on and since when.
  const alreadyRunning = async (): Promise<string> => {
    try {
      const current = await api.syncStatus();
      if (current.runningRunId) {
        const run = await api.getRun(current.runningRunId);
        return `A sync is already running; it started ${formatRelative(run.startedAt)}. The list refreshes on its own.`;
      }
    } catch {
      // the plain sentence below still holds
    }
    return 'A sync is already running. The list refreshes on its own.';
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
              {' '}Next run <When at={status.nextRunAt} />.
            </>
          )}
          {status.runningRunId && ' A run is in progress.'}
        </p>
      ) : (
        <p>The sync runs on its own schedule outside this API (every 3 hours by default); its runs show below.</p>
      )}
      {(status.canStartRun ?? status.workerHosted) && (
        <button type="button" class="primary" onClick={syncNow} disabled={running || !canWrite} aria-describedby={canWrite ? undefined : 'sync-reason'}>
          {running ? 'Syncing…' : 'Sync now'}
        </button>
      )}
      {(status.canStartRun ?? status.workerHosted) && !canWrite && (
        <p id="sync-reason" class="hint">
          Only admins can start a sync.
        </p>
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
      {groupRuns(runs).map((group) =>
        group.kind === 'run' ? (
          <RunItem key={group.run.runId} run={group.run} />
        ) : (
          <li key={group.runs[0]!.runId} class="run quiet" data-quiet-runs={group.runs.length}>
            <details>
              <summary>
                {plural(group.runs.length, 'run')}, nothing new <span class="muted">(latest <When at={group.runs[0]!.startedAt} />)</span>
              </summary>
              <ul class="quiet-runs">
                {group.runs.map((run) => (
                  <li key={run.runId} data-run-id={run.runId}>
                    <When at={run.startedAt} /> · {runTrigger(run.trigger, run.requestedBy)} · {plural(run.figures.usersChecked, 'user')}{' '}
                    checked · took {formatDuration(run.durationMs)}
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ),
      )}
    </ol>
  );
}

function RunItem({ run }: { run: SyncRun }) {
  const failed = run.failedGists ?? [];
  return (
    <li class="run" data-run-id={run.runId}>
      <p class="run-head">
        <span class={`badge outcome-${run.outcome}`}>{outcomeLabel[run.outcome]}</span> <When at={run.startedAt} />
        <span class="muted">
          {' · '}
          {runTrigger(run.trigger, run.requestedBy)} · took {formatDuration(run.durationMs)}
        </span>
      </p>
      {run.message && <p class="reason">{run.message}</p>}
      {run.errors.map((e) => (
        <p key={e.username} class="reason">
          {e.username}: {e.error}
        </p>
      ))}
      {failed.length > 0 && (
        <div class="failed-gists">
          <h3>Publish failures</h3>
          <ul>
            {failed.map((f) => (
              <li key={f.gistId} data-failed-gist={f.gistId}>
                <Link href={`${pathOf({ name: 'user', username: f.username })}#${gistAnchor(f.gistId)}`}>
                  {f.username}'s gist {f.gistId.slice(0, 8)}
                </Link>{' '}
                <span class="muted">(attempt {f.attempts})</span>
                <span class="reason">{f.error}</span>
              </li>
            ))}
            {(run.failedGistsLeftOut ?? 0) > 0 && <li class="muted">and {plural(run.failedGistsLeftOut!, 'more gist')}</li>}
          </ul>
        </div>
      )}
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
  );
}

function ActivityList({ entries }: { entries: ActivityEntry[] }) {
  return (
    <>
      <h2 id="activity-title">Recent changes</h2>
      {entries.length === 0 ? (
        <Empty>Nobody has added or removed a user or started a sync yet.</Empty>
      ) : (
        <ul class="activity" aria-labelledby="activity-title">
          {entries.map((entry) => (
            <li key={`${entry.at}-${entry.action}-${entry.username ?? entry.runId}`}>
              {activitySentence(entry)} <span class="muted"><When at={entry.at} /></span>
            </li>
          ))}
        </ul>
      )}
    </>
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
