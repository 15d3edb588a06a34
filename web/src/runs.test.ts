import { describe, expect, it } from 'vitest';
import type { SyncRun } from './api/types';
import { groupRuns, isQuiet } from './runs';

const run = (id: string, changes: Partial<SyncRun['figures']> = {}, extra: Partial<SyncRun> = {}): SyncRun => ({
  runId: id,
  trigger: 'schedule',
  outcome: 'completed',
  startedAt: '2025-03-10T12:00:00Z',
  finishedAt: '2025-03-10T12:00:01Z',
  durationMs: 1000,
  figures: {
    usersChecked: 3, usersChanged: 0, gistsStored: 0, gistsUpdated: 0, gistsPublished: 0, gistsFailed: 0,
    gitHubRequests: 3, gitHubNotModified: 3, rateLimitRemaining: 4990, ...changes,
  },
  errors: [],
  message: null,
  ...extra,
});

describe('sync runs', () => {
  it('a completed run with nothing stored, published or failed is quiet', () => {
    expect(isQuiet(run('a'))).toBe(true);
    expect(isQuiet(run('a', { gistsStored: 1 }))).toBe(false);
    expect(isQuiet(run('a', { gistsPublished: 1 }))).toBe(false);
    expect(isQuiet(run('a', { gistsFailed: 1 }))).toBe(false);
    expect(isQuiet(run('a', {}, { outcome: 'running' }))).toBe(false);
    expect(isQuiet(run('a', {}, { errors: [{ username: 'x', error: 'boom' }] }))).toBe(false);
  });

  it('folds each stretch of quiet runs into one group, in order', () => {
    const groups = groupRuns([run('busy1', { gistsStored: 2 }), run('q1'), run('q2'), run('q3'), run('busy2', { gistsFailed: 1 }), run('q4')]);

    expect(groups.map((g) => (g.kind === 'run' ? g.run.runId : g.runs.map((r) => r.runId).join('+')))).toEqual(['busy1', 'q1+q2+q3', 'busy2', 'q4']);
  });
});
