import type { SyncRun } from './api/types';

/** A completed run that changed nothing anyone would look at: no gist stored, published or failed, no error. */
export function isQuiet(run: SyncRun): boolean {
  const f = run.figures;
  return (
    run.outcome === 'completed' &&
    f.gistsStored === 0 &&
    f.gistsPublished === 0 &&
    f.gistsFailed === 0 &&
    run.errors.length === 0 &&
    !run.message &&
    (run.failedGists?.length ?? 0) === 0
  );
}

export type RunGroup = { kind: 'run'; run: SyncRun } | { kind: 'quiet'; runs: SyncRun[] };

/** Runs in order, each stretch of quiet runs folded into one group ("14 runs, nothing new"). */
export function groupRuns(runs: readonly SyncRun[]): RunGroup[] {
  const groups: RunGroup[] = [];
  for (const run of runs) {
    const last = groups.at(-1);
    if (!isQuiet(run)) groups.push({ kind: 'run', run });
    else if (last?.kind === 'quiet') last.runs.push(run);
    else groups.push({ kind: 'quiet', runs: [run] });
  }
  return groups;
}
