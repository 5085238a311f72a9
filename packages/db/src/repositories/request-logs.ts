import { and, desc, eq, getTableColumns, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { AuroraDb } from '../client';
import { InvalidInputError } from '../errors';
import { type NewRequestLog, type RequestLog, requestLogs } from '../schema';
import { isUuid } from './uuid';

// Postgres allows 65 535 bind parameters per statement; at ~21 columns a row, 1 000 rows stay clear.
const ROWS_PER_INSERT = 1_000;

/**
 * Writes a batch collected off the hot path, as one multi-row insert (several, in one transaction,
 * only when the batch is larger than a statement may be), so a batch is stored whole or not at all.
 */
export async function insertRequestLogs(db: AuroraDb, rows: readonly NewRequestLog[]): Promise<void> {
  if (rows.length === 0) return;
  if (rows.length <= ROWS_PER_INSERT) {
    await db.insert(requestLogs).values([...rows]);
    return;
  }
  await db.transaction(async (tx) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      await tx.insert(requestLogs).values(rows.slice(start, start + ROWS_PER_INSERT));
    }
  });
}

/** A log row without the (optional, possibly large) bodies: what the logs page lists. */
export type RequestLogSummary = Omit<RequestLog, 'request_body' | 'response_body'>;

/** A status class such as `4xx`: every status from 400 to 499. */
export type StatusClass = `${1 | 2 | 3 | 4 | 5}xx`;

export interface RequestLogFilter {
  key_id?: string | undefined;
  alias?: string | undefined;
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
