import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Database,
  insertRequestLogs,
  isRefusedRow,
  type KeySpend,
  type KeyUse,
  type NewRequestLog,
  pruneRequestLogsOlderThan,
  touchApiKeysLastUsed,
} from '@aurora/db';
import type { Logger } from 'pino';
import { boundLogRow } from './log-row.js';
import type { GatewayMetrics } from './metrics.js';

export interface LogWriterOptions {
  flushIntervalMs?: number;
  /** A batch this large is written at once instead of waiting for the timer. */
  maxBatch?: number;
  /** Rows kept while the database is unreachable; the oldest are dropped (and counted) past this. */
  maxBuffered?: number;
  /** A write that takes longer counts as failed and is tried again (rows carry ids: never twice). */
  writeTimeoutMs?: number;
  retentionDays: number;
  /** Where refused rows (quarantine) and rows still unwritten at shutdown (spool) are kept. */
  dataDir: string;
  metrics?: Pick<GatewayMetrics, 'logRowsDropped' | 'logRowsQuarantined'>;
}

export interface LogWriter {
  /** Queues one request-log row; never waits on the database. */
  record(row: NewRequestLog): void;
  /** Notes that a key was used now; written with the next batch, not per request. */
  touchKey(id: string): void;
  flush(): Promise<void>;
  /**
   * Spend per key of this month's rows that are not in the database: queued, being written, or
   * quarantined. Budgets reloaded from the database add it, so late rows are not forgotten.
   */
  unwrittenSpend(monthStart: Date): Map<string, KeySpend>;
  /**
   * Stops the timers and writes what is queued, for at most `deadlineMs`; rows still unwritten then
   * go to the spool file, which the next start queues again.
   */
  stop(deadlineMs?: number): Promise<void>;
}

const HOUR_MS = 3_600_000;
export const QUARANTINE_FILE = 'request-logs-quarantine.jsonl';
export const SPOOL_FILE = 'request-logs-unsent.jsonl';

class WriteTimeout extends Error {
  override name = 'WriteTimeout';
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WriteTimeout(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function addSpend(into: Map<string, KeySpend>, keyId: string, tokens: number, usd: number): void {
  const base = into.get(keyId) ?? { spend_tokens: 0, spend_usd: 0 };
  into.set(keyId, { spend_tokens: base.spend_tokens + tokens, spend_usd: base.spend_usd + usd });
}

const rowTime = (row: NewRequestLog) => new Date(row.created_at ?? Date.now()).getTime();

/**
 * Request logs and key `last_used_at` written off the hot path in batches, and old logs pruned
 * hourly after `log_retention_days`. A row is only ever given up when the database refuses that row
 * itself; then it goes to a quarantine file. While the database is away, rows wait in a bounded
 * buffer.
 */
export function createLogWriter(database: Database, logger: Logger, options: LogWriterOptions): LogWriter {
  const flushIntervalMs = options.flushIntervalMs ?? 1_000;
  const maxBatch = options.maxBatch ?? 500;
  const maxBuffered = options.maxBuffered ?? 50_000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  const quarantinePath = join(options.dataDir, QUARANTINE_FILE);
  const spoolPath = join(options.dataDir, SPOOL_FILE);
  let rows: NewRequestLog[] = [];
  let writing: NewRequestLog[] = [];
  let keyUses = new Map<string, Date>();
  let flushing: Promise<void> | undefined;
  let dropped = 0;
  let stopped = false;
  // Spend of quarantined rows by key, for the month they belong to.
  const quarantinedSpend = new Map<string, { month: number } & KeySpend>();

  let spooled = existsSync(spoolPath);
  if (spooled) {
    const lines = readFileSync(spoolPath, 'utf8').split('\n').filter(Boolean);
    rows = lines.map((line) => JSON.parse(line) as NewRequestLog);
    logger.info({ rows: rows.length }, 'request logs left unwritten at the last shutdown queued again');
  }

  /** Keeps the newest `maxBuffered` rows; the oldest go first, counted. */
  const bound = () => {
    const over = rows.length - maxBuffered;
    if (over <= 0) return;
    rows.splice(0, over);
    dropped += over;
    options.metrics?.logRowsDropped.inc(over);
  };

  const quarantine = (row: NewRequestLog, error: unknown) => {
    options.metrics?.logRowsQuarantined.inc();
    const reason = (error as Error).message;
    try {
      mkdirSync(options.dataDir, { recursive: true });
      appendFileSync(
        quarantinePath,
        `${JSON.stringify({ quarantined_at: new Date(), error: reason, row })}\n`,
      );
    } catch (fileError) {
      logger.error({ err: fileError, row }, 'request log row refused by the database and not quarantined');
    }
    logger.error(
      { err: error, file: quarantinePath },
      'request log row refused by the database: quarantined',
    );
    if (row.key_id) {
      const time = new Date(rowTime(row));
      const month = Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), 1);
      const entry = quarantinedSpend.get(row.key_id);
      const base = entry?.month === month ? entry : { spend_tokens: 0, spend_usd: 0 };
      quarantinedSpend.set(row.key_id, {
        month,
        spend_tokens: base.spend_tokens + (row.input_tokens ?? 0) + (row.output_tokens ?? 0),
        spend_usd: base.spend_usd + (row.cost_usd ?? 0),
      });
    }
  };

  const insert = (batch: NewRequestLog[]) =>
    within(insertRequestLogs(database.db, batch), writeTimeoutMs, 'writing request logs');

  /**
   * Writes one batch. When the database refuses it for a row's content, each row is tried alone and
   * the refused ones are quarantined; any other failure puts the rows not yet written back in front.
   */
  const writeBatch = async (batch: NewRequestLog[]): Promise<void> => {
    try {
      await insert(batch);
      return;
    } catch (error) {
      if (!isRefusedRow(error)) throw error;
      if (batch.length === 1) {
        quarantine(batch[0]!, error);
        return;
      }
    }
    for (const [index, row] of batch.entries()) {
      try {
        await insert([row]);
      } catch (error) {
        if (!isRefusedRow(error)) {
          writing = batch.slice(index);
          throw error;
        }
        quarantine(row, error);
      }
    }
  };

  const writeOnce = async () => {
    const uses: KeyUse[] = [...keyUses].map(([id, at]) => ({ id, at }));
    keyUses = new Map();
    try {
      while (rows.length > 0) {
        writing = rows.splice(0, maxBatch);
        await writeBatch(writing);
        writing = [];
      }
    } catch (error) {
      logger.error(
        { err: error, rows: writing.length + rows.length, dropped },
        'request logs not written; kept for the next try',
      );
      rows = [...writing, ...rows];
      writing = [];
      bound();
      for (const use of uses) if (!keyUses.has(use.id)) keyUses.set(use.id, use.at);
      throw error;
    }
    if (spooled && !stopped) {
      rmSync(spoolPath, { force: true });
      spooled = false;
    }
    try {
      if (uses.length > 0)
        await within(touchApiKeysLastUsed(database.db, uses), writeTimeoutMs, 'last_used_at');
    } catch (error) {
      logger.warn({ err: error }, 'last_used_at not written; will retry');
      for (const use of uses) if (!keyUses.has(use.id)) keyUses.set(use.id, use.at);
    }
  };

  const flush = (): Promise<void> => {
    if (flushing) return flushing.then(() => (rows.length > 0 || keyUses.size > 0 ? flush() : undefined));
    if (rows.length === 0 && keyUses.size === 0) return Promise.resolve();
    flushing = writeOnce().finally(() => {
      flushing = undefined;
    });
    return flushing;
  };
  const flushQuietly = () => {
    flush().catch(() => {});
  };

  const prune = async () => {
    const cutoff = new Date(Date.now() - options.retentionDays * 24 * HOUR_MS);
    try {
      const removed = await pruneRequestLogsOlderThan(database.db, cutoff);
      if (removed > 0) logger.info({ removed, cutoff }, 'pruned old request logs');
    } catch (error) {
      logger.warn({ err: error }, 'request log pruning failed');
    }
  };

  const flushTimer = setInterval(flushQuietly, flushIntervalMs);
  flushTimer.unref();
  const pruneTimer = setInterval(prune, HOUR_MS);
  pruneTimer.unref();
  void prune();

  return {
    record(row) {
      rows.push(boundLogRow({ ...row, id: row.id ?? randomUUID() }));
      bound();
      // One early flush at a time: while the database is slow or away, the timer retries.
      if (rows.length >= maxBatch && !flushing) flushQuietly();
    },
    touchKey(id) {
      keyUses.set(id, new Date());
    },
    flush,
    unwrittenSpend(monthStart) {
      const from = monthStart.getTime();
      const spend = new Map<string, KeySpend>();
      for (const row of [...writing, ...rows]) {
        if (!row.key_id || rowTime(row) < from) continue;
        addSpend(spend, row.key_id, (row.input_tokens ?? 0) + (row.output_tokens ?? 0), row.cost_usd ?? 0);
      }
      for (const [keyId, entry] of quarantinedSpend) {
        if (entry.month === from) addSpend(spend, keyId, entry.spend_tokens, entry.spend_usd);
      }
      return spend;
    },
    async stop(deadlineMs = 10_000) {
      stopped = true;
      clearInterval(flushTimer);
      clearInterval(pruneTimer);
      try {
        await within(flush(), deadlineMs, 'the last request log flush');
      } catch (error) {
        logger.error({ err: error }, 'request logs not written at shutdown');
      }
      const unwritten = [...writing, ...rows];
      if (unwritten.length === 0) {
        if (spooled) rmSync(spoolPath, { force: true });
        return;
      }
      mkdirSync(options.dataDir, { recursive: true });
      writeFileSync(spoolPath, unwritten.map((row) => `${JSON.stringify(row)}\n`).join(''));
      logger.warn(
        { rows: unwritten.length, file: spoolPath },
        'request logs kept in the spool file; the next start writes them',
      );
    },
  };
}
