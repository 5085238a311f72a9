import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors';
import type { NewRequestLog } from '../schema';
import { createTestDatabase, type TestDatabase, testEngines } from '../testing';
import {
  getRequestLog,
  insertRequestLogs,
  listRequestLogs,
  pruneRequestLogsOlderThan,
  type StatusClass,
} from './request-logs';

const at = (iso: string) => new Date(iso);
const row = (fields: Partial<NewRequestLog>): NewRequestLog => ({
  ingress: 'anthropic',
  status: 200,
  latency_ms: 100,
  ...fields,
});

describe.each(testEngines())('request logs repository on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.dispose());
  const db = () => t.database.db;

  it('stores a batch with every recorded field and the defaults for the rest', async () => {
    const keyId = randomUUID();
    await insertRequestLogs(db(), [
      row({
        created_at: at('2026-01-10T08:00:00.000Z'),
        key_id: keyId,
        alias: 'fields',
        provider: 'deepseek',
        upstream_model: 'deepseek-chat',
        ingress: 'openai',
        streamed: true,
        status: 529,
        error_type: 'overloaded_error',
        error_message: 'upstream overloaded',
        input_tokens: 1200,
        output_tokens: 300,
        cached_tokens: 1000,
        cost_usd: 0.00123,
        latency_ms: 4321,
        ttfb_ms: 250,
        attempts: 3,
        attempt_log: [
          { provider: 'deepseek', model: 'deepseek-chat', status: 529, tries: 3, ms: 4000, error: 'busy' },
        ],
        key_prefix: 'sk-aurora-AbCdEf',
        request_id: 'req_1',
        session_id: 'session-1',
        request_body: { model: 'fields', messages: [] },
        response_body: { id: 'msg_1' },
      }),
      row({ alias: 'fields', created_at: at('2026-01-10T08:00:01.000Z') }),
    ]);
    const { data } = await listRequestLogs(db(), { alias: 'fields' });
    expect(data).toHaveLength(2);
    expect(data[1]).toEqual({
      id: expect.any(String),
      created_at: at('2026-01-10T08:00:00.000Z'),
      key_id: keyId,
      alias: 'fields',
      provider: 'deepseek',
      upstream_model: 'deepseek-chat',
      ingress: 'openai',
      streamed: true,
      status: 529,
      error_type: 'overloaded_error',
      error_message: 'upstream overloaded',
      input_tokens: 1200,
      output_tokens: 300,
      cached_tokens: 1000,
      cost_usd: 0.00123,
      latency_ms: 4321,
      ttfb_ms: 250,
      attempts: 3,
      attempt_log: [
        { provider: 'deepseek', model: 'deepseek-chat', status: 529, tries: 3, ms: 4000, error: 'busy' },
      ],
      key_prefix: 'sk-aurora-AbCdEf',
      request_id: 'req_1',
      session_id: 'session-1',
    });
    expect(data[0]).toMatchObject({
      streamed: false,
      input_tokens: 0,
      attempts: 1,
      key_id: null,
      cost_usd: null,
      ttfb_ms: null,
    });
    const full = await getRequestLog(db(), data[1]!.id);
    expect(full).toMatchObject({
      request_body: { model: 'fields', messages: [] },
      response_body: { id: 'msg_1' },
    });
    expect(await getRequestLog(db(), 'nope')).toBeNull();
  });

  it('stores text and bodies that hold NUL characters, without them', async () => {
    await insertRequestLogs(db(), [
      row({
        alias: 'nul\u0000alias',
        error_message: 'bad \u0000 byte and a literal \\u0000',
        request_body: { prompt: 'a\u0000b' },
      }),
    ]);
    const page = await listRequestLogs(db(), { alias: 'nulalias' });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]!.error_message).toBe('bad  byte and a literal \\u0000');
    expect((await getRequestLog(db(), page.data[0]!.id))?.request_body).toEqual({ prompt: 'ab' });
  });

  it('stores lone surrogates as U+FFFD and keeps well-formed pairs and escaped text as they are', async () => {
    await insertRequestLogs(db(), [
      row({
        alias: 'claude-\ud800',
        error_message: 'pair 😀, lone \udc00 and a literal \\ud800',
        request_body: { prompt: 'x\udbffy' },
      }),
    ]);
    const page = await listRequestLogs(db(), { alias: 'claude-\ufffd' });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]!.error_message).toBe('pair 😀, lone \ufffd and a literal \\ud800');
    expect((await getRequestLog(db(), page.data[0]!.id))?.request_body).toEqual({ prompt: 'x\ufffdy' });
  });

  it('writes a row sent twice with the same id once', async () => {
    const id = randomUUID();
    await insertRequestLogs(db(), [row({ id, alias: 'twice' })]);
    await insertRequestLogs(db(), [row({ id, alias: 'twice' }), row({ alias: 'twice' })]);
    expect((await listRequestLogs(db(), { alias: 'twice' })).data).toHaveLength(2);
  });

  it('does nothing for an empty batch', async () => {
    await expect(insertRequestLogs(db(), [])).resolves.toBeUndefined();
  });

  it('stores a batch larger than one statement may carry', async () => {
    const rows = Array.from({ length: 2_345 }, (_, i) =>
      row({ alias: 'bulk', created_at: new Date(Date.UTC(2026, 1, 1) + i) }),
    );
    await insertRequestLogs(db(), rows);
    let seen = 0;
    let cursor: string | null = null;
    do {
      const page = await listRequestLogs(db(), { alias: 'bulk', limit: 500, cursor });
      seen += page.data.length;
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toBe(2_345);
  });

  it('pages newest first without skipping or repeating rows that share a timestamp', async () => {
    const same = at('2026-03-01T00:00:00.000Z');
    await insertRequestLogs(db(), [
      ...Array.from({ length: 5 }, () => row({ alias: 'paging', created_at: same })),
      row({ alias: 'paging', created_at: at('2026-03-01T00:00:01.000Z') }),
      row({ alias: 'paging', created_at: at('2026-02-28T23:59:59.000Z') }),
    ]);
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page = await listRequestLogs(db(), { alias: 'paging', limit: 2, cursor });
      pages.push(page.data.map((r) => r.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    const ids = pages.flat();
    expect(new Set(ids).size).toBe(7);
    const all = (await listRequestLogs(db(), { alias: 'paging', limit: 100 })).data;
    expect(all.map((r) => r.id)).toEqual(ids);
    expect(all[0]!.created_at).toEqual(at('2026-03-01T00:00:01.000Z'));
    expect(all[6]!.created_at).toEqual(at('2026-02-28T23:59:59.000Z'));
  });

  it('answers next_cursor null when the page holds the last row exactly', async () => {
    await insertRequestLogs(db(), [row({ alias: 'exact' }), row({ alias: 'exact' })]);
    const page = await listRequestLogs(db(), { alias: 'exact', limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.next_cursor).toBeNull();
  });

  it('filters by key, alias, status and a [from, to) window', async () => {
    const key = randomUUID();
    await insertRequestLogs(db(), [
      row({ alias: 'filters', key_id: key, status: 200, created_at: at('2026-04-01T00:00:00.000Z') }),
      row({ alias: 'filters', key_id: key, status: 429, created_at: at('2026-04-02T00:00:00.000Z') }),
      row({
        alias: 'filters',
        key_id: randomUUID(),
        status: 429,
        created_at: at('2026-04-03T00:00:00.000Z'),
      }),
      row({ alias: 'filters-other', key_id: key, status: 200, created_at: at('2026-04-02T12:00:00.000Z') }),
    ]);
    const statuses = async (filter: Parameters<typeof listRequestLogs>[1]) =>
      (await listRequestLogs(db(), filter)).data.map((r) => [r.alias, r.status, r.created_at.toISOString()]);
    expect(await statuses({ key_id: key })).toEqual([
      ['filters-other', 200, '2026-04-02T12:00:00.000Z'],
      ['filters', 429, '2026-04-02T00:00:00.000Z'],
      ['filters', 200, '2026-04-01T00:00:00.000Z'],
    ]);
    expect(await statuses({ alias: 'filters', status: 429 })).toEqual([
      ['filters', 429, '2026-04-03T00:00:00.000Z'],
      ['filters', 429, '2026-04-02T00:00:00.000Z'],
    ]);
    expect(
      await statuses({
        alias: 'filters',
        from: at('2026-04-02T00:00:00.000Z'),
        to: at('2026-04-03T00:00:00.000Z'),
      }),
    ).toEqual([['filters', 429, '2026-04-02T00:00:00.000Z']]);
    expect(await statuses({ key_id: 'not-a-uuid' })).toEqual([]);
  });

  it('filters by a status class, from its x00 up to but not including the next hundred', async () => {
    await insertRequestLogs(
      db(),
      [200, 299, 300, 399, 400, 429, 499, 500, 529].map((status, i) =>
        row({ alias: 'classes', status, created_at: at(`2026-05-01T00:00:0${i}.000Z`) }),
      ),
    );
    const statuses = async (status: StatusClass) =>
      (await listRequestLogs(db(), { alias: 'classes', status })).data.map((r) => r.status);
    expect(await statuses('2xx')).toEqual([299, 200]);
    expect(await statuses('4xx')).toEqual([499, 429, 400]);
    expect(await statuses('5xx')).toEqual([529, 500]);
    expect(await statuses('1xx')).toEqual([]);
  });

  it('refuses a cursor it did not hand out', async () => {
    for (const cursor of ['garbage', Buffer.from('["yesterday","x"]').toString('base64url')]) {
      const error = await listRequestLogs(db(), { cursor }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ field: 'cursor' });
    }
  });

  it('prunes rows older than the cutoff and says how many', async () => {
    await insertRequestLogs(db(), [
      row({ alias: 'prune', created_at: at('2001-01-01T00:00:00.000Z') }),
      row({ alias: 'prune', created_at: at('2001-01-31T23:59:59.999Z') }),
      row({ alias: 'prune', created_at: at('2001-02-01T00:00:00.000Z') }),
    ]);
    expect(await pruneRequestLogsOlderThan(db(), at('2001-02-01T00:00:00.000Z'))).toBe(2);
    const left = (await listRequestLogs(db(), { alias: 'prune' })).data;
    expect(left.map((r) => r.created_at)).toEqual([at('2001-02-01T00:00:00.000Z')]);
    expect(await pruneRequestLogsOlderThan(db(), at('2001-02-01T00:00:00.000Z'))).toBe(0);
  });
});
