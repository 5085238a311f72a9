import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, listRequestLogs, type NewRequestLog } from '@aurora/db';
import { createTestDatabase, testEngines } from '@aurora/db/testing';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogWriter, type LogWriterOptions, QUARANTINE_FILE, SPOOL_FILE } from './log-writer.js';
import { createMetrics } from './metrics.js';

const row = (alias: string, extra: Partial<NewRequestLog> = {}): NewRequestLog => ({
  alias,
  ingress: 'anthropic',
  status: 200,
  latency_ms: 5,
  ...extra,
});

const silent = pino({ level: 'silent' });
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function options(extra: Partial<LogWriterOptions> = {}): LogWriterOptions {
  const dataDir = mkdtempSync(join(tmpdir(), 'aurora-log-writer-'));
  dirs.push(dataDir);
  return { retentionDays: 30, flushIntervalMs: 60_000, dataDir, ...extra };
}

/** The same database, whose queries fail at once (`refuse`) or never answer (`hang`) while `away`. */
function flaky(database: Database, mode: 'refuse' | 'hang') {
  const state = { away: true };
  const broken = new Proxy(database.db, {
    get: () => () => {
      if (mode === 'hang') return new Promise(() => {});
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    },
  });
  return {
    state,
    database: {
      ...database,
      get db() {
        return state.away ? broken : database.db;
      },
    } as Database,
  };
}

const aliases = async (database: Database) =>
  (await listRequestLogs(database.db)).data.map((r) => r.alias).sort();

describe.each(testEngines())('request log writer on %s', (engine) => {
  it('quarantines only the row the database refuses, in data_dir, and counts it', async () => {
    const { database, dispose } = await createTestDatabase(engine);
    const metrics = createMetrics();
    const opts = options({ metrics });
    const writer = createLogWriter(database, silent, opts);
    try {
      writer.record(row('good-1'));
      // Violates the ingress check constraint: refused however often it is retried.
      writer.record(row('poison', { ingress: 'carrier-pigeon' as NewRequestLog['ingress'] }));
      writer.record(row('good-2'));
      await writer.flush();
      expect(await aliases(database)).toEqual(['good-1', 'good-2']);
      const quarantined = readFileSync(join(opts.dataDir, QUARANTINE_FILE), 'utf8').trim().split('\n');
      expect(quarantined).toHaveLength(1);
      expect(JSON.parse(quarantined[0]!).row.alias).toBe('poison');
      expect((await metrics.logRowsQuarantined.get()).values[0]!.value).toBe(1);
      await writer.flush();
      expect(await aliases(database)).toHaveLength(2);
    } finally {
      await writer.stop();
      await dispose();
    }
  });

  it('stores rows with a lone surrogate, a NUL or a megabyte of model name', async () => {
    const { database, dispose } = await createTestDatabase(engine);
    const writer = createLogWriter(database, silent, options());
    try {
      writer.record(row('claude-\ud800'));
      writer.record(row('nul\u0000name'));
      writer.record(row('m'.repeat(1_000_000)));
      await writer.flush();
      const stored = await aliases(database);
      expect(stored).toHaveLength(3);
      expect(stored).toContain('claude-\ufffd');
      expect(stored).toContain('nulname');
      expect(stored.every((alias) => alias!.length <= 256)).toBe(true);
    } finally {
      await writer.stop();
      await dispose();
    }
  });

  it('keeps every row while the database refuses connections, and writes them once it is back', async () => {
    const { database, dispose } = await createTestDatabase(engine);
    const db = flaky(database, 'refuse');
    const writer = createLogWriter(db.database, silent, options());
    try {
      writer.record(row('a', { key_id: '00000000-0000-4000-8000-000000000001', input_tokens: 7 }));
      writer.record(row('b'));
      await expect(writer.flush()).rejects.toThrow('ECONNREFUSED');
      const monthStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
      expect(writer.unwrittenSpend(monthStart).get('00000000-0000-4000-8000-000000000001')).toEqual({
        spend_tokens: 7,
        spend_usd: 0,
      });
      db.state.away = false;
      await writer.flush();
      expect(await aliases(database)).toEqual(['a', 'b']);
      expect(writer.unwrittenSpend(monthStart).size).toBe(0);
    } finally {
      await writer.stop();
      await dispose();
    }
  });

  it('drops the oldest rows past its buffer while the database is away, and counts them', async () => {
    const { database, dispose } = await createTestDatabase(engine);
    const db = flaky(database, 'refuse');
    const metrics = createMetrics();
    const writer = createLogWriter(db.database, silent, options({ maxBuffered: 3, metrics }));
    try {
      for (const alias of ['r1', 'r2', 'r3', 'r4', 'r5']) writer.record(row(alias));
      await expect(writer.flush()).rejects.toThrow();
      db.state.away = false;
      await writer.flush();
      expect(await aliases(database)).toEqual(['r3', 'r4', 'r5']);
      expect((await metrics.logRowsDropped.get()).values[0]!.value).toBe(2);
    } finally {
      await writer.stop();
      await dispose();
    }
  });

  it('stops within its deadline when the database never answers, and the next start writes the rows', async () => {
    const { database, dispose } = await createTestDatabase(engine);
    const db = flaky(database, 'hang');
    const opts = options({ writeTimeoutMs: 60_000 });
    const writer = createLogWriter(db.database, silent, opts);
    try {
      writer.record(row('late-1'));
      writer.record(row('late-2'));
      const started = performance.now();
      await writer.stop(300);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(existsSync(join(opts.dataDir, SPOOL_FILE))).toBe(true);

      const next = createLogWriter(database, silent, opts);
      await next.flush();
      await next.stop();
      expect(await aliases(database)).toEqual(['late-1', 'late-2']);
      expect(existsSync(join(opts.dataDir, SPOOL_FILE))).toBe(false);
    } finally {
      await dispose();
    }
  });
});
