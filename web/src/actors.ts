import type { ActivityEntry, Actor } from './api/types';

/**
 * Who did something, for a sentence: "Grace Hopper", "a script (API key)", or null when nobody in particular
 * (sign-in off) or the answer did not say.
 */
export function actorName(actor: Actor | null | undefined): string | null {
  switch (actor?.kind) {
    case 'person':
      return actor.name?.trim() || 'someone signed in';
    case 'apiKey':
      return 'a script (API key)';
    default:
      return null;
  }
}

/** "Added by Grace Hopper" for a user page, or null. */
export function addedByText(actor: Actor | null | undefined): string | null {
  const name = actorName(actor);
  return name && `Added by ${name}`;
}

/** How a run started: "scheduled", "started by hand", or "started by Grace Hopper". */
export function runTrigger(trigger: 'schedule' | 'manual', requestedBy: Actor | null | undefined): string {
  if (trigger === 'schedule') return 'scheduled';
  const name = actorName(requestedBy);
  return name ? `started by ${name}` : 'started by hand';
}

/** One line of the activity log: "Grace Hopper added octocat", "A script (API key) started a sync". */
export function activitySentence(entry: ActivityEntry): string {
  const who = actorName(entry.actor) ?? 'someone';
  const sentence =
    entry.action === 'userAdded'
      ? `${who} added ${entry.username ?? 'a user'}`
      : entry.action === 'userRemoved'
        ? `${who} removed ${entry.username ?? 'a user'}`
        : `${who} started a sync`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
