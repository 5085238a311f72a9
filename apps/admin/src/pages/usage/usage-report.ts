import type { UsageGrouping } from '@aurora/contract';
import type { UsageRow } from '../../api/usage';

export const usageRanges = [
  { id: '24h', label: 'Last 24 hours', days: 1 },
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
] as const;

export type UsageRangeId = (typeof usageRanges)[number]['id'];

/** What the page offers to group by: time picks its bucket from the range. */
export type UsageView = 'time' | 'key' | 'alias';

/** Hours for ranges up to two days (a day's bars would be one bar), days beyond. */
export function timeBucketFor(id: UsageRangeId): 'hour' | 'day' {
  const days = usageRanges.find((range) => range.id === id)?.days ?? 7;
  return days <= 2 ? 'hour' : 'day';
}

export function groupingFor(view: UsageView, range: UsageRangeId): UsageGrouping {
  return view === 'time' ? timeBucketFor(range) : view;
}

export function rangeBounds(id: UsageRangeId, now: Date): { from: string; to: string } {
  const days = usageRanges.find((range) => range.id === id)?.days ?? 7;
  return { from: new Date(now.getTime() - days * 86_400_000).toISOString(), to: now.toISOString() };
}

export interface UsageTotals {
  requests: number;
  /** Upstream failures (a burst of identical retries counted once). */
  errors: number;
  /** Errors among the requests that reached a provider. */
  errorRate: number;
  /** Turned away by the gateway: bad keys, unknown aliases, budgets, rate limits. */
  refused: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  /** Percentiles can't be combined across groups; the worst group's p95 is the honest summary. */
  worst_p95_ms: number | null;
}

export function summarizeUsage(rows: UsageRow[]): UsageTotals {
  const totals: UsageTotals = {
    requests: 0,
    errors: 0,
    errorRate: 0,
    refused: 0,
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    cost_usd: 0,
    worst_p95_ms: null,
  };
  for (const row of rows) {
    totals.requests += row.requests;
    totals.errors += row.errors;
    totals.refused += row.refused;
    totals.input_tokens += row.input_tokens;
    totals.output_tokens += row.output_tokens;
    totals.cached_tokens += row.cached_tokens;
    totals.cost_usd += row.cost_usd;
    if (row.p95_ms !== null) totals.worst_p95_ms = Math.max(totals.worst_p95_ms ?? 0, row.p95_ms);
  }
  const reachedProvider = totals.requests - totals.refused;
  totals.errorRate = reachedProvider > 0 ? totals.errors / reachedProvider : 0;
  return totals;
}

export interface UsageChartRow extends UsageRow {
  name: string;
}

// A null group is traffic without a key (the master key's) or without an alias (refused before one
// was resolved).
function groupName(row: UsageRow, groupBy: UsageGrouping, keyNames: ReadonlyMap<string, string>): string {
  if (row.label) return row.label;
  if (row.group === null) return groupBy === 'alias' ? 'no alias' : 'master key';
  if (groupBy === 'hour') {
    return new Date(row.group).toLocaleString(undefined, {
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
  }
  if (groupBy === 'day') {
    return new Date(`${row.group.slice(0, 10)}T00:00:00`).toLocaleDateString(undefined, {
      month: 'short',
      day: 'numeric',
    });
  }
  return keyNames.get(row.group) ?? row.group;
}

/** Names each group for the chart axis: short dates for days, key names for keys. */
export function usageChartRows(
  rows: UsageRow[],
  groupBy: UsageGrouping,
  keyNames: ReadonlyMap<string, string>,
): UsageChartRow[] {
  const named = rows.map((row) => ({ ...row, name: groupName(row, groupBy, keyNames) }));
  return groupBy === 'day' || groupBy === 'hour'
    ? named.sort((a, b) => (a.group ?? '').localeCompare(b.group ?? ''))
    : named.sort((a, b) => b.requests - a.requests);
}
