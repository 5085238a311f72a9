import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../../api/usage';
import { groupingFor, rangeBounds, summarizeUsage, timeBucketFor, usageChartRows } from './usage-report';

function row(
  group: string | null,
  requests: number,
  p95: number | null,
  extra: Partial<UsageRow> = {},
): UsageRow {
  return {
    group,
    requests,
    errors: 1,
    refused: 2,
    input_tokens: 100,
    output_tokens: 10,
    cached_tokens: 5,
    cost_usd: 0.5,
    p50_ms: 100,
    p95_ms: p95,
    ...extra,
  };
}

describe('usage report', () => {
  it('turns a range into ISO bounds ending now', () => {
    expect(rangeBounds('7d', new Date('2026-03-10T12:00:00Z'))).toEqual({
      from: '2026-03-03T12:00:00.000Z',
      to: '2026-03-10T12:00:00.000Z',
    });
  });

  it('adds up the groups and keeps the worst p95', () => {
    const totals = summarizeUsage([row('a', 10, 900), row('b', 30, 400), row('c', 0, null)]);
    expect(totals).toMatchObject({
      requests: 40,
      errors: 3,
      input_tokens: 300,
      cost_usd: 1.5,
      worst_p95_ms: 900,
    });
    expect(totals.refused).toBe(6);
    // Refusals never reached a provider: the error rate is over the other 34 requests.
    expect(totals.errorRate).toBeCloseTo(3 / 34);
    expect(summarizeUsage([]).errorRate).toBe(0);
  });

  it('buckets time by hour up to two days and by day beyond', () => {
    expect(timeBucketFor('24h')).toBe('hour');
    expect(timeBucketFor('7d')).toBe('day');
    expect(groupingFor('time', '24h')).toBe('hour');
    expect(groupingFor('alias', '24h')).toBe('alias');
  });

  it('orders days by date and other groups by traffic, naming keys', () => {
    const days = usageChartRows([row('2026-03-02', 1, 1), row('2026-03-01', 5, 1)], 'day', new Map());
    expect(days.map((r) => r.group)).toEqual(['2026-03-01', '2026-03-02']);
    const keys = usageChartRows(
      [row('k1', 1, 1), row('k2', 9, 1, { label: 'ci' })],
      'key',
      new Map([['k1', 'laptop']]),
    );
    expect(keys.map((r) => r.name)).toEqual(['ci', 'laptop']);
    expect(usageChartRows([row(null, 1, 1)], 'alias', new Map())[0]?.name).toBe('no alias');
    expect(usageChartRows([row(null, 1, 1)], 'key', new Map())[0]?.name).toBe('master key');
  });
});
