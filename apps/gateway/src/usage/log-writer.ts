import {
  type Database,
  insertRequestLogs,
  type KeyUse,
  type NewRequestLog,
  pruneRequestLogsOlderThan,
  touchApiKeysLastUsed,
} from '@aurora/db';
import type { Logger } from 'pino';

export interface LogWriterOptions {
  flushIntervalMs?: number;
  /** A batch this large is written at once instead of waiting for the timer. */
  maxBatch?: number;
  /** Rows kept while the database is unreachable; older ones are dropped past this. */
  maxBuffered?: number;
  /** Hears of rows given up on: the buffer overflowed, or the database refused the row itself. */
  onDropped?: (rows: number, reason: 'buffer_full' | 'refused') => void;
  retentionDays: number;
}

export interface LogWriter {
  /** Queues one request-log row; never waits on the database. */
  record(row: NewRequestLog): void;
  /** Notes that a key was used now; written with the next batch, not per request. */
  touchKey(id: string): void;
  flush(): Promise<void>;
  /** Writes what is queued and stops the timers (graceful shutdown: nothing lost). */
  stop(): Promise<void>;
}

const HOUR_MS = 3_600_000;

/**
 * Request logs and key `last_used_at` written off the hot path in batches (issue 6), and old logs
 * pruned hourly after `log_retention_days`.
 */
export function createLogWriter(database: Database, logger: Logger, options: LogWriterOptions): LogWriter {
  const flushIntervalMs = options.flushIntervalMs ?? 1_000;
  const maxBatch = options.maxBatch ?? 500;
  const maxBuffered = options.maxBuffered ?? 50_000;
  let rows: NewRequestLog[] = [];
  let keyUses = new Map<string, Date>();
  let flushing: Promise<void> | undefined;

  /**
   * A batch the database refuses is retried row by row: a row that fails alone while others go in
   * is dropped (and reported) so it cannot block the log forever; if none goes in, the database is
   * unreachable and everything is kept for the next flush.
   */
  const insertOrIsolate = async (batch: NewRequestLog[]): Promise<void> => {
    try {
      await insertRequestLogs(database.db, batch);
      return;
    } catch (error) {
      if (batch.length === 1) throw error;
    }
    let dropped = 0;
    let lastError: unknown;
    for (const row of batch) {
      try {
        await insertRequestLogs(database.db, [row]);
      } catch (error) {
        dropped++;
        lastError = error;
      }
    }
    if (dropped === batch.length) throw lastError;
    if (dropped > 0) {
      options.onDropped?.(dropped, 'refused');
      logger.error({ err: lastError, dropped }, 'request log rows refused by the database were dropped');
    }
  };

  const writeOnce = async () => {
    const batch = rows;
    const uses: KeyUse[] = [...keyUses].map(([id, at]) => ({ id, at }));
    rows = [];
    keyUses = new Map();
    try {
      if (batch.length > 0) await insertOrIsolate(batch);
    } catch (error) {
      logger.error({ err: error, rows: batch.length }, 'request logs not written; will retry');
      const kept = [...batch, ...rows];
      if (kept.length > maxBuffered) {
        options.onDropped?.(kept.length - maxBuffered, 'buffer_full');
        logger.error({ dropped: kept.length - maxBuffered }, 'request log buffer full: oldest rows dropped');
      }
      rows = kept.slice(-maxBuffered);
      for (const use of uses) if (!keyUses.has(use.id)) keyUses.set(use.id, use.at);
      throw error;
    }
    try {
      if (uses.length > 0) await touchApiKeysLastUsed(database.db, uses);
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
      rows.push(row);
      // One early flush at a time: while the database is slow or away, the timer retries.
      if (rows.length >= maxBatch && !flushing) flushQuietly();
    },
    touchKey(id) {
      keyUses.set(id, new Date());
    },
    flush,
    async stop() {
      clearInterval(flushTimer);
      clearInterval(pruneTimer);
      await flush();
    },
  };
}
