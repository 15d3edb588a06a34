import { describe, expect, it } from 'vitest';
import { formatDuration, formatInterval, formatMonth, formatMonthShort, formatRelative, plural, safeHttpUrl } from './format';

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

describe('safeHttpUrl', () => {
  it('keeps http and https links', () => {
    expect(safeHttpUrl('https://gist.github.com/abc')).toBe('https://gist.github.com/abc');
    expect(safeHttpUrl('http://example.test/x')).toBe('http://example.test/x');
  });

  it('drops script, data and malformed URLs', () => {
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('JavaScript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('data:text/html,<script>alert(1)</script>')).toBeUndefined();
    expect(safeHttpUrl('not a url')).toBeUndefined();
    expect(safeHttpUrl(null)).toBeUndefined();
  });
});

describe('copy', () => {
  it('counts in the right plural', () => {
    expect(plural(1, 'gist')).toBe('1 gist');
    expect(plural(2, 'gist')).toBe('2 gists');
    expect(plural(0, 'gist')).toBe('0 gists');
    expect(plural(1, 'run')).toBe('1 run');
  });

  it('names months in every time zone the same', () => {
    expect(formatMonth('2025-03')).toBe(new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date('2025-03-01T00:00:00Z')));
    expect(formatMonthShort('2024-12')).toBe(new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' }).format(new Date('2024-12-01T00:00:00Z')));
  });

  it('says times relative to now, past and future', () => {
    const now = new Date('2025-03-10T12:00:00Z');
    expect(formatRelative('2025-03-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2025-03-10T12:25:00Z', now)).toBe('in 25 minutes');
    expect(formatRelative('2025-03-09T12:00:00Z', now)).toBe('yesterday');
  });
});
