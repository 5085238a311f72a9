import { and, gte, inArray, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import type { AuroraDb } from '../client';
import { requestLogs } from '../schema';
import { isUuid } from './uuid';

export type UsageGroupBy = 'key' | 'alias' | 'day' | 'hour';

export interface UsageQuery {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  group_by: UsageGroupBy;
}

const groupExpression: Record<UsageGroupBy, SQL<string | null>> = {
  key: sql<string | null>`${requestLogs.key_id}::text`,
  alias: sql<string | null>`${requestLogs.alias}`,
  // Days are UTC calendar days, whatever the server's time zone.
  day: sql<string>`to_char(${requestLogs.created_at} at time zone 'UTC', 'YYYY-MM-DD')`,
  hour: sql<string>`to_char(${requestLogs.created_at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24":00Z"')`,
};

// A request the gateway itself turned away (no or a bad key, unknown alias, budget, rate limit)
// never reached a provider; one that did and failed is an upstream error.
const refused = sql`${requestLogs.status} >= 400 and ${requestLogs.provider} is null`;
const failedUpstream = sql`${requestLogs.provider} is not null and (${requestLogs.status} >= 400 or ${requestLogs.error_type} is not null)`;
const answered = sql`${requestLogs.provider} is not null and ${requestLogs.status} < 400`;
// Claude Code re-sends a failed request several times within seconds: failures of one session with
// the same status and error type within the same five minutes count as one error.
const failureBurst = sql`concat_ws('|', coalesce(${requestLogs.session_id}, ${requestLogs.id}::text), ${requestLogs.status}, ${requestLogs.error_type}, floor(extract(epoch from ${requestLogs.created_at}) / 300))`;

// Aggregates come back as bigint or numeric, which drivers hand over as strings; these are counts and
// sums well inside a double's exact range.
const total = (expression: SQL) => sql<number>`coalesce(${expression}, 0)`.mapWith(Number);
// Over answered requests only: a refusal takes no time and would drag the percentiles to zero.
const percentileMs = (fraction: number) =>
  sql<
    number | null
  >`percentile_cont(${sql.raw(String(fraction))}) within group (order by ${requestLogs.latency_ms}) filter (where ${answered})`.mapWith(
    Number,
  );

function selectUsage(db: AuroraDb, query: UsageQuery) {
  const group = groupExpression[query.group_by];
  return db
    .select({
      group,
      requests: total(sql`count(*)`),
      errors: total(sql`count(distinct ${failureBurst}) filter (where ${failedUpstream})`),
      refused: total(sql`count(*) filter (where ${refused})`),
      input_tokens: total(sql`sum(${requestLogs.input_tokens})`),
      output_tokens: total(sql`sum(${requestLogs.output_tokens})`),
      cached_tokens: total(sql`sum(${requestLogs.cached_tokens})`),
      cost_usd: total(sql`sum(${requestLogs.cost_usd})`),
      p50_ms: percentileMs(0.5),
      p95_ms: percentileMs(0.95),
    })
    .from(requestLogs)
    .where(and(gte(requestLogs.created_at, query.from), lt(requestLogs.created_at, query.to)))
    .groupBy(group)
    .orderBy(group);
}

export type UsageRow = Awaited<ReturnType<typeof selectUsage>>[number];

/**
 * One row per key id (null for the master key), alias, `YYYY-MM-DD` day or `YYYY-MM-DDTHH:00Z` hour
 * over [from, to); latency percentiles are in milliseconds, over answered requests.
 */
export async function aggregateUsage(db: AuroraDb, query: UsageQuery): Promise<UsageRow[]> {
  return selectUsage(db, query);
}

/** The current calendar month in UTC, as [from, to). */
export function monthUtc(now: Date): { from: Date; to: Date } {
  return {
    from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

export interface KeySpend {
  /** Input plus output tokens (cached tokens are part of input). */
  spend_tokens: number;
  spend_usd: number;
}

/**
 * What each key spent in the calendar month (UTC) containing `now`, for budgets and the keys page.
 * Keys without requests this month are absent from the map.
 */
export async function monthlySpendByKey(
  db: AuroraDb,
  { now = new Date(), key_ids }: { now?: Date; key_ids?: readonly string[] } = {},
): Promise<Map<string, KeySpend>> {
  const month = monthUtc(now);
  const conditions = [
    isNotNull(requestLogs.key_id),
    gte(requestLogs.created_at, month.from),
    lt(requestLogs.created_at, month.to),
  ];
  if (key_ids) {
    const ids = key_ids.filter(isUuid);
    if (ids.length === 0) return new Map();
    conditions.push(inArray(requestLogs.key_id, ids));
  }
  const rows = await db
    .select({
      key_id: requestLogs.key_id,
      spend_tokens: total(sql`sum(${requestLogs.input_tokens} + ${requestLogs.output_tokens})`),
      spend_usd: total(sql`sum(${requestLogs.cost_usd})`),
    })
    .from(requestLogs)
    .where(and(...conditions))
    .groupBy(requestLogs.key_id);
  return new Map(rows.map(({ key_id, ...spend }) => [key_id!, spend]));
}
