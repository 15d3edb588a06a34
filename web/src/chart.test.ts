import { describe, expect, it } from 'vitest';
import { barPercent, countPerMonth, showsYear } from './chart';

describe('gists per month', () => {
  it('counts by UTC month over the last months, oldest first, empty months included', () => {
    const counts = countPerMonth(
      ['2025-03-31T23:59:59Z', '2025-03-01T00:00:00Z', '2025-01-15T12:00:00+00:00', '2024-12-31T23:00:00Z', 'garbage'],
      new Date('2025-03-10T00:00:00Z'),
      3,
    );

    expect(counts).toEqual([
      { month: '2025-01', count: 1 },
      { month: '2025-02', count: 0 },
      { month: '2025-03', count: 2 },
    ]);
  });

  it('crosses year boundaries', () => {
    expect(countPerMonth([], new Date('2025-01-31T12:00:00Z'), 13).map((c) => c.month).slice(0, 2)).toEqual(['2024-01', '2024-02']);
  });
});

describe('chart labels and bars', () => {
  const counts = countPerMonth([], new Date('2025-03-10T00:00:00Z'), 6); // Oct 2024 … Mar 2025

  it('labels the year on the first month and on each January', () => {
    expect(counts.map((_, i) => showsYear(counts, i))).toEqual([true, false, false, true, false, false]);
  });

  it('leaves the first month without its year when a January follows right after', () => {
    const fromDecember = countPerMonth([], new Date('2025-05-10T00:00:00Z'), 6); // Dec 2024 … May 2025
    expect(fromDecember.map((_, i) => showsYear(fromDecember, i))).toEqual([false, true, false, false, false, false]);
  });

  it('scales bars to the tallest and keeps small non-zero ones visible', () => {
    expect(barPercent(10, 10)).toBe(100);
    expect(barPercent(1, 100)).toBe(4);
    expect(barPercent(0, 10)).toBe(0);
    expect(barPercent(3, 6)).toBe(50);
  });
});
