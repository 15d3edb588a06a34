import { describe, expect, it } from 'vitest';
import { formatDuration, formatInterval } from './format';

describe('formatting', () => {
  it.each([
    ['03:00:00', 'every 3 h'],
    ['00:00:30', 'every 30 s'],
    ['1.00:00:00', 'every 1 d'],
    ['00:01:30', 'every 1 min 30 s'],
  ])('interval %s', (span, text) => {
    expect(formatInterval(span)).toBe(text);
  });

  it('durations', () => {
    expect(formatDuration(854)).toBe('854 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(null)).toBe('—');
  });
});
