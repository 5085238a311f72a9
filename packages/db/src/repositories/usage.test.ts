import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewRequestLog } from '../schema';
import { createTestDatabase, type TestDatabase, testEngines } from '../testing';
import { insertRequestLogs } from './request-logs';
import { aggregateUsage, monthlySpendByKey, monthUtc } from './usage';

const at = (iso: string) => new Date(iso);
// Rows reached a provider unless a test says otherwise (refusals have none).
const row = (fields: Partial<NewRequestLog>): NewRequestLog => ({
  ingress: 'anthropic',
  provider: 'up',
  status: 200,
  latency_ms: 100,
  ...fields,
});

describe('monthUtc', () => {
  it('spans the UTC calendar month, December rolling into the next year', () => {
    expect(monthUtc(at('2025-12-31T23:30:00.000Z'))).toEqual({
      from: at('2025-12-01T00:00:00.000Z'),
      to: at('2026-01-01T00:00:00.000Z'),
    });
  });
});

describe.each(testEngines())('usage aggregation on %s', (engine) => {
  let t: TestDatabase;
  const keyA = randomUUID();
  const keyB = randomUUID();
  const window = { from: at('2025-01-01T00:00:00.000Z'), to: at('2025-01-03T00:00:00.000Z') };
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await insertRequestLogs(t.database.db, [
      // alias-a, day 1: answered latencies 100 and 200 → p50 150, p95 195 (linear interpolation)
      row({
        created_at: at('2025-01-01T00:00:00.000Z'),
        key_id: keyA,
        alias: 'alias-a',
        latency_ms: 100,
        input_tokens: 10,
        output_tokens: 1,
        cached_tokens: 5,
        cost_usd: 0.5,
      }),
      row({
        created_at: at('2025-01-01T10:00:00.000Z'),
        key_id: keyA,
        alias: 'alias-a',
        latency_ms: 200,
        input_tokens: 20,
        output_tokens: 2,
        cost_usd: 0.25,
      }),
      row({
        created_at: at('2025-01-01T23:59:59.999Z'),
        key_id: keyB,
        alias: 'alias-a',
        latency_ms: 300,
        status: 429,
        input_tokens: 0,
        output_tokens: 0,
      }),
      row({
        created_at: at('2025-01-02T00:00:00.000Z'),
        key_id: keyB,
        alias: 'alias-a',
        latency_ms: 400,
        status: 500,
        input_tokens: 30,
        output_tokens: 3,
      }),
      // alias-b, day 2, the master key (no key id)
      row({
        created_at: at('2025-01-02T12:00:00.000Z'),
        key_id: null,
        alias: 'alias-b',
        latency_ms: 1000,
        status: 400,
        input_tokens: 7,
        output_tokens: 0,
        cost_usd: 1,
      }),
      // outside [from, to): exactly at `to`, and before `from`
      row({
        created_at: at('2025-01-03T00:00:00.000Z'),
        key_id: keyA,
        alias: 'alias-a',
        latency_ms: 9999,
        input_tokens: 999,
      }),
      row({
        created_at: at('2024-12-31T23:59:59.999Z'),
        key_id: keyA,
        alias: 'alias-a',
        latency_ms: 9999,
        input_tokens: 999,
      }),
    ]);
  });
  afterAll(() => t.dispose());
  const db = () => t.database.db;

  it('groups by alias with counts, token sums, cost and latency percentiles', async () => {
    expect(await aggregateUsage(db(), { ...window, group_by: 'alias' })).toEqual([
      {
        group: 'alias-a',
        requests: 4,
        errors: 2,
        refused: 0,
        input_tokens: 60,
        output_tokens: 6,
        cached_tokens: 5,
        cost_usd: 0.75,
        p50_ms: 150,
        p95_ms: 195,
      },
      {
        group: 'alias-b',
        requests: 1,
        errors: 1,
        refused: 0,
        input_tokens: 7,
        output_tokens: 0,
        cached_tokens: 0,
        cost_usd: 1,
        p50_ms: null,
        p95_ms: null,
      },
    ]);
  });

  it('groups by UTC day', async () => {
    const rows = await aggregateUsage(db(), { ...window, group_by: 'day' });
    expect(rows.map((r) => [r.group, r.requests, r.errors, r.p50_ms])).toEqual([
      ['2025-01-01', 3, 1, 150],
      ['2025-01-02', 2, 2, null],
    ]);
  });

  it('groups by UTC hour', async () => {
    const rows = await aggregateUsage(db(), { ...window, group_by: 'hour' });
    expect(rows.map((r) => [r.group, r.requests])).toEqual([
      ['2025-01-01T00:00Z', 1],
      ['2025-01-01T10:00Z', 1],
      ['2025-01-01T23:00Z', 1],
      ['2025-01-02T00:00Z', 1],
      ['2025-01-02T12:00Z', 1],
    ]);
  });

  it('groups by key, with the master key as a null group', async () => {
    const rows = await aggregateUsage(db(), { ...window, group_by: 'key' });
    const byKey = new Map(rows.map((r) => [r.group, r]));
    expect(rows).toHaveLength(3);
    expect(byKey.get(keyA)).toMatchObject({
      requests: 2,
      errors: 0,
      input_tokens: 30,
      cost_usd: 0.75,
      p95_ms: 195,
    });
    expect(byKey.get(keyB)).toMatchObject({
      requests: 2,
      errors: 2,
      input_tokens: 30,
      cost_usd: 0,
      // Neither was answered: no latency to report.
      p50_ms: null,
    });
    expect(byKey.get(null)).toMatchObject({ requests: 1, input_tokens: 7 });
  });

  it('counts refusals apart, and a burst of identical retries of one session as one error', async () => {
    const at2 = (seconds: number) => at(new Date(Date.UTC(2025, 5, 1, 8, 0, seconds)).toISOString());
    const burst = { alias: 'bursty', session_id: 'sess-1', status: 529, error_type: 'overloaded_error' };
    await insertRequestLogs(db(), [
      row({ ...burst, created_at: at2(0) }),
      row({ ...burst, created_at: at2(2) }),
      row({ ...burst, created_at: at2(5) }),
      // Another session's failure is its own error; so is a different status of the same session.
      row({ ...burst, session_id: 'sess-2', created_at: at2(6) }),
      row({ ...burst, status: 500, error_type: 'api_error', created_at: at2(7) }),
      row({ alias: 'bursty', status: 200, latency_ms: 800, created_at: at2(8) }),
      row({ alias: 'bursty', provider: null, status: 401, latency_ms: 0, created_at: at2(9) }),
      row({ alias: 'bursty', provider: null, status: 429, latency_ms: 0, created_at: at2(10) }),
    ]);
    const [bursty] = await aggregateUsage(db(), {
      from: at2(0),
      to: at2(60),
      group_by: 'alias',
    });
    expect(bursty).toMatchObject({ group: 'bursty', requests: 8, errors: 3, refused: 2, p50_ms: 800 });
  });

  it('answers no rows for an empty window', async () => {
    expect(
      await aggregateUsage(db(), {
        from: at('2020-01-01T00:00:00Z'),
        to: at('2020-02-01T00:00:00Z'),
        group_by: 'alias',
      }),
    ).toEqual([]);
  });

  it("sums each key's tokens and dollars over the current UTC month only", async () => {
    const key = randomUUID();
    const idle = randomUUID();
    await insertRequestLogs(db(), [
      row({
        created_at: at('2025-06-01T00:00:00.000Z'),
        key_id: key,
        input_tokens: 100,
        output_tokens: 50,
        cost_usd: 0.1,
      }),
      row({
        created_at: at('2025-06-30T23:59:59.999Z'),
        key_id: key,
        input_tokens: 1,
        output_tokens: 2,
        cost_usd: null,
      }),
      row({ created_at: at('2025-05-31T23:59:59.999Z'), key_id: key, input_tokens: 1000, cost_usd: 5 }),
      row({ created_at: at('2025-07-01T00:00:00.000Z'), key_id: key, input_tokens: 1000, cost_usd: 5 }),
      row({ created_at: at('2025-06-15T00:00:00.000Z'), key_id: null, input_tokens: 1000, cost_usd: 5 }),
    ]);
    const spend = await monthlySpendByKey(db(), { now: at('2025-06-15T12:00:00.000Z') });
    expect(spend.get(key)).toEqual({ spend_tokens: 153, spend_usd: 0.1 });
    expect(spend.has(idle)).toBe(false);
    expect([...spend.keys()]).toEqual([key]);
    const only = await monthlySpendByKey(db(), {
      now: at('2025-06-15T12:00:00.000Z'),
      key_ids: [idle, 'bad'],
    });
    expect(only.size).toBe(0);
    const chosen = await monthlySpendByKey(db(), { now: at('2025-06-15T12:00:00.000Z'), key_ids: [key] });
    expect(chosen.get(key)?.spend_tokens).toBe(153);
  });
});
