import { describe, expect, it } from 'vitest';
import { countPerMonth } from './chart';

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
