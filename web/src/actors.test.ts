import { describe, expect, it } from 'vitest';
import type { Actor } from './api/types';
import { activitySentence, actorName, addedByText, runTrigger } from './actors';

const grace: Actor = { kind: 'person', subject: '2b9e7d40', name: 'Grace Hopper' };
const script: Actor = { kind: 'apiKey', subject: null, name: null };
const anyone: Actor = { kind: 'anonymous', subject: null, name: null };

describe('who did it', () => {
  it('names a person, a script, and nobody for anonymous or absent actors', () => {
    expect(actorName(grace)).toBe('Grace Hopper');
    expect(actorName({ ...grace, name: null })).toBe('someone signed in');
    expect(actorName({ ...grace, name: '  ' })).toBe('someone signed in');
    expect(actorName(script)).toBe('a script (API key)');
    expect(actorName(anyone)).toBeNull();
    expect(actorName(undefined)).toBeNull();
  });

  it('says who added a user only when it is known', () => {
    expect(addedByText(grace)).toBe('Added by Grace Hopper');
    expect(addedByText(script)).toBe('Added by a script (API key)');
    expect(addedByText(anyone)).toBeNull();
    expect(addedByText(undefined)).toBeNull();
  });

  it('says who started a manual run', () => {
    expect(runTrigger('manual', grace)).toBe('started by Grace Hopper');
    expect(runTrigger('manual', undefined)).toBe('started by hand');
    expect(runTrigger('manual', anyone)).toBe('started by hand');
    expect(runTrigger('schedule', grace)).toBe('scheduled');
  });
});

describe('the activity log', () => {
  const at = '2026-11-30T08:00:00Z';
  it('says who changed what, in a sentence', () => {
    expect(activitySentence({ at, action: 'userAdded', actor: grace, username: 'octocat', runId: null })).toBe('Grace Hopper added octocat');
    expect(activitySentence({ at, action: 'userRemoved', actor: script, username: 'octocat', runId: null })).toBe('A script (API key) removed octocat');
    expect(activitySentence({ at, action: 'syncRequested', actor: anyone, username: null, runId: '0195' })).toBe('Someone started a sync');
  });
});
