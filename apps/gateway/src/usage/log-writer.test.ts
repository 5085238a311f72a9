import { listRequestLogs, type NewRequestLog } from '@aurora/db';
import { createTestDatabase, testEngines } from '@aurora/db/testing';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogWriter } from './log-writer.js';

const row = (alias: string, extra: Partial<NewRequestLog> = {}): NewRequestLog => ({
  alias,
  ingress: 'anthropic',
  status: 200,
  latency_ms: 5,
  ...extra,
});

describe.each(testEngines())('request log writer on %s', (engine) => {
  it('writes queued rows on flush, and drops only a row the database refuses', async () => {
    const { database, dispose } = await createTestDatabase(engine);
    const dropped: [number, string][] = [];
    const writer = createLogWriter(database, pino({ level: 'silent' }), {
      retentionDays: 30,
      flushIntervalMs: 60_000,
      onDropped: (rows, reason) => dropped.push([rows, reason]),
    });
    try {
      writer.record(row('good-1'));
      // Violates the ingress check constraint: refused however often it is retried.
      writer.record(row('poison', { ingress: 'carrier-pigeon' as NewRequestLog['ingress'] }));
      writer.record(row('good-2'));
      await writer.flush();
      const stored = (await listRequestLogs(database.db)).data.map((r) => r.alias).sort();
      expect(stored).toEqual(['good-1', 'good-2']);
      expect(dropped).toEqual([[1, 'refused']]);
      await writer.flush();
      expect((await listRequestLogs(database.db)).data).toHaveLength(2);
    } finally {
      await writer.stop();
      await dispose();
    }
  });

  it('keeps every row while the database is away, and writes them once it is back', async () => {
    const { database, dispose } = await createTestDatabase(engine);
    let away = true;
    const broken = new Proxy(database.db, {
      get: () => () => {
        throw new Error('database away');
      },
    });
    const flaky = {
      ...database,
      get db() {
        return away ? broken : database.db;
      },
    };
    const dropped: [number, string][] = [];
    const writer = createLogWriter(flaky, pino({ level: 'silent' }), {
      retentionDays: 30,
      flushIntervalMs: 60_000,
      maxBuffered: 2,
      onDropped: (rows, reason) => dropped.push([rows, reason]),
    });
    try {
      writer.record(row('a'));
      writer.record(row('b'));
      await expect(writer.flush()).rejects.toThrow('database away');
      expect(dropped).toEqual([]);
      writer.record(row('c'));
      await expect(writer.flush()).rejects.toThrow('database away');
      // Bounded: the oldest row goes, and is counted.
      expect(dropped).toEqual([[1, 'buffer_full']]);
      away = false;
      await writer.flush();
      expect((await listRequestLogs(database.db)).data.map((r) => r.alias).sort()).toEqual(['b', 'c']);
    } finally {
      await writer.stop();
      await dispose();
    }
  });
});
