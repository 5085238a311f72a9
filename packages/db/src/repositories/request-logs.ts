import { and, desc, eq, getTableColumns, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { AuroraDb } from '../client';
import { InvalidInputError } from '../errors';
import { type NewRequestLog, type RequestLog, requestLogs } from '../schema';
import { isUuid } from './uuid';

// Every column a batch may set, with its SQL type and, for NOT NULL columns, the default a row
// that leaves it out gets. One JSON parameter carries the whole batch: the statement stays the same
// size whatever the batch, and building it costs nothing per row.
const batchColumns: [name: keyof NewRequestLog & string, type: string, fallback?: string][] = [
  ['id', 'uuid', 'gen_random_uuid()'],
  ['created_at', 'timestamptz', 'now()'],
  ['key_id', 'uuid'],
  ['key_prefix', 'text'],
  ['alias', 'text'],
  ['provider', 'text'],
  ['upstream_model', 'text'],
  ['ingress', 'text'],
  ['streamed', 'boolean', 'false'],
  ['status', 'integer'],
  ['error_type', 'text'],
  ['error_message', 'text'],
  ['input_tokens', 'integer', '0'],
  ['output_tokens', 'integer', '0'],
  ['cached_tokens', 'integer', '0'],
  ['cost_usd', 'double precision'],
  ['latency_ms', 'integer'],
  ['ttfb_ms', 'integer'],
  ['attempts', 'integer', '1'],
  ['attempt_log', 'jsonb'],
  ['session_id', 'text'],
  ['request_id', 'text'],
  ['request_body', 'jsonb'],
  ['response_body', 'jsonb'],
];
const insertColumns = sql.raw(batchColumns.map(([name]) => name).join(', '));
const selectColumns = sql.raw(
  batchColumns
    .map(([name, , fallback]) => (fallback ? `coalesce(r.${name}, ${fallback})` : `r.${name}`))
    .join(', '),
);
const recordType = sql.raw(batchColumns.map(([name, type]) => `${name} ${type}`).join(', '));

/**
 * Writes a batch collected off the hot path in one statement, so a batch is stored whole or not at
 * all. A row whose `id` is already stored is skipped: a batch whose answer was lost (a connection
 * cut after the commit) can be written again without counting twice.
 */
export async function insertRequestLogs(db: AuroraDb, rows: readonly NewRequestLog[]): Promise<void> {
  if (rows.length === 0) return;
  // Postgres text and jsonb hold neither NUL nor a lone surrogate (which JSON.stringify writes as a
  // \ud800-style escape; a well-formed pair it writes as is), and a client can put either in a model
  // name or a prompt: NUL goes, a lone surrogate becomes U+FFFD. The lookbehind keeps an escaped
  // backslash followed by such letters as it is.
  const batch = JSON.stringify(rows)
    .replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1')
    .replace(/(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g, '$1\\ufffd');
  await db.execute(
    sql`insert into ${requestLogs} (${insertColumns}) select ${selectColumns} from json_to_recordset(${batch}::json) as r(${recordType}) on conflict (id) do nothing`,
  );
}

/** A log row without the (optional, possibly large) bodies: what the logs page lists. */
export type RequestLogSummary = Omit<RequestLog, 'request_body' | 'response_body'>;

/** A status class such as `4xx`: every status from 400 to 499. */
export type StatusClass = `${1 | 2 | 3 | 4 | 5}xx`;

export interface RequestLogFilter {
  key_id?: string | undefined;
  alias?: string | undefined;
  session_id?: string | undefined;
  request_id?: string | undefined;
  /** An exact status (`429`) or a class (`4xx`). */
  status?: number | StatusClass | undefined;
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
}

export interface ListRequestLogsOptions extends RequestLogFilter {
  limit?: number | undefined;
  /** `next_cursor` of the previous page. */
  cursor?: string | null | undefined;
}

export interface RequestLogPage {
  data: RequestLogSummary[];
  /** Null on the last page. */
  next_cursor: string | null;
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

// The cursor is the (created_at, id) of the last row shown: keyset paging stays fast however deep the
// page and never skips or repeats rows when new requests arrive meanwhile.
function encodeCursor(row: Pick<RequestLog, 'created_at' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { created_at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const created_at = new Date(typeof at === 'string' ? at : Number.NaN);
    if (typeof id === 'string' && isUuid(id) && !Number.isNaN(created_at.getTime()))
      return { created_at, id };
  } catch {
    // Falls through to the error below: any undecodable cursor is the caller's mistake.
  }
  throw new InvalidInputError('cursor', 'the cursor is not one this server handed out');
}

function filterConditions(filter: RequestLogFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.key_id !== undefined) {
    // A malformed id matches no row; comparing it to a uuid column would be a database error.
    conditions.push(isUuid(filter.key_id) ? eq(requestLogs.key_id, filter.key_id) : sql`false`);
  }
  if (filter.alias !== undefined) conditions.push(eq(requestLogs.alias, filter.alias));
  if (filter.session_id !== undefined) conditions.push(eq(requestLogs.session_id, filter.session_id));
  if (filter.request_id !== undefined) conditions.push(eq(requestLogs.request_id, filter.request_id));
  if (typeof filter.status === 'number') conditions.push(eq(requestLogs.status, filter.status));
  else if (filter.status !== undefined) {
    // A range rather than integer division keeps the condition usable by an index on status.
    const floor = Number(filter.status[0]) * 100;
    conditions.push(gte(requestLogs.status, floor), lt(requestLogs.status, floor + 100));
  }
  if (filter.from !== undefined) conditions.push(gte(requestLogs.created_at, filter.from));
  if (filter.to !== undefined) conditions.push(lt(requestLogs.created_at, filter.to));
  return conditions;
}

/** Newest first, filtered, one page at a time. */
export async function listRequestLogs(
  db: AuroraDb,
  options: ListRequestLogsOptions = {},
): Promise<RequestLogPage> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const conditions = filterConditions(options);
  if (options.cursor) {
    const after = decodeCursor(options.cursor);
    conditions.push(
      sql`(${requestLogs.created_at}, ${requestLogs.id}) < (${after.created_at.toISOString()}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const { request_body: _req, response_body: _res, ...summary } = getTableColumns(requestLogs);
  // One row more than asked tells whether another page exists without a count query.
  const rows = await db
    .select(summary)
    .from(requestLogs)
    .where(and(...conditions))
    .orderBy(desc(requestLogs.created_at), desc(requestLogs.id))
    .limit(limit + 1);
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, next_cursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** One row with its bodies, for the log detail view. */
export async function getRequestLog(db: AuroraDb, id: string): Promise<RequestLog | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(requestLogs).where(eq(requestLogs.id, id));
  return row ?? null;
}

// Deleting in slices keeps each transaction short, so pruning a large backlog never holds locks or
// builds one huge WAL burst while the gateway is inserting new rows.
const ROWS_PER_PRUNE = 5_000;

/** Deletes rows created before `cutoff` (log_retention_days); resolves to how many were deleted. */
export async function pruneRequestLogsOlderThan(db: AuroraDb, cutoff: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const slice = db
      .select({ id: requestLogs.id })
      .from(requestLogs)
      .where(lt(requestLogs.created_at, cutoff))
      .limit(ROWS_PER_PRUNE);
    const deleted = await db
      .delete(requestLogs)
      .where(inArray(requestLogs.id, slice))
      .returning({ id: requestLogs.id });
    total += deleted.length;
    if (deleted.length < ROWS_PER_PRUNE) return total;
  }
}
