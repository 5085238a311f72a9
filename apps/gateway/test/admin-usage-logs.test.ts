import { insertRequestLogs, type NewRequestLog } from '@aurora/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './support/admin-api.js';
import { startTestGateway, type TestGateway, testEngines } from './support/gateway.js';

describe.each(testEngines())('admin API: usage and logs on %s', (engine) => {
  let gw: TestGateway;
  let api: ReturnType<typeof adminApi>;
  let keyId: string;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    api = adminApi(gw.url);
    keyId = (await api('POST', '/keys', { name: 'team-a' })).body.id;
    const base = { ingress: 'anthropic' as const, provider: 'deepseek', upstream_model: 'deepseek-chat' };
    const rows: NewRequestLog[] = [
      {
        ...base,
        created_at: new Date('2025-03-01T10:00:00Z'),
        key_id: keyId,
        alias: 'fast',
        status: 200,
        latency_ms: 100,
        input_tokens: 10,
        output_tokens: 5,
        cached_tokens: 2,
        cost_usd: 0.01,
      },
      {
        ...base,
        created_at: new Date('2025-03-01T11:00:00Z'),
        key_id: keyId,
        alias: 'fast',
        status: 429,
        latency_ms: 300,
        error_type: 'rate_limit_error',
      },
      {
        ...base,
        created_at: new Date('2025-03-02T09:00:00Z'),
        key_id: null,
        alias: 'smart',
        status: 200,
        latency_ms: 200,
        input_tokens: 40,
        output_tokens: 8,
        cost_usd: 0.04,
      },
      {
        ...base,
        created_at: new Date('2025-04-01T00:00:00Z'),
        key_id: keyId,
        alias: 'fast',
        status: 200,
        latency_ms: 50,
      },
    ];
    await insertRequestLogs(gw.gateway.database.db, rows);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const march = 'from=2025-03-01&to=2025-04-01';

  it('sums usage per day over [from, to)', async () => {
    const answer = await api('GET', `/usage?${march}&group_by=day`);
    expect(answer.status).toBe(200);
    expect(answer.body.next_cursor).toBeNull();
    expect(answer.body.data).toEqual([
      expect.objectContaining({
        group: '2025-03-01',
        requests: 2,
        errors: 1,
        input_tokens: 10,
        output_tokens: 5,
        cached_tokens: 2,
        cost_usd: 0.01,
      }),
      expect.objectContaining({
        group: '2025-03-02',
        requests: 1,
        errors: 0,
        input_tokens: 40,
        cost_usd: 0.04,
        p50_ms: 200,
        p95_ms: 200,
      }),
    ]);
  });

  it('labels key groups with key names and the master key', async () => {
    const data = (await api('GET', `/usage?${march}&group_by=key`)).body.data;
    expect(data).toHaveLength(2);
    expect(data).toContainEqual(expect.objectContaining({ group: keyId, label: 'team-a', requests: 2 }));
    expect(data).toContainEqual(expect.objectContaining({ group: null, label: 'master key', requests: 1 }));
    const aliases = (await api('GET', `/usage?${march}&group_by=alias`)).body.data;
    expect(aliases.map((row: { group: string }) => row.group)).toEqual(['fast', 'smart']);
  });

  it('refuses a bad grouping or an inverted range, naming the parameter', async () => {
    expect((await api('GET', '/usage?group_by=model')).body.error).toMatchObject({ field: 'group_by' });
    expect((await api('GET', '/usage?from=2025-04-01&to=2025-03-01')).body.error).toMatchObject({
      field: 'from',
    });
    expect((await api('GET', '/usage?from=yesterday')).status).toBe(400);
  });

  it('lists logs newest first with key names, filtered and paged', async () => {
    const all = await api('GET', '/logs');
    expect(all.status).toBe(200);
    expect(all.body.data.map((row: { created_at: string }) => row.created_at)).toEqual([
      '2025-04-01T00:00:00.000Z',
      '2025-03-02T09:00:00.000Z',
      '2025-03-01T11:00:00.000Z',
      '2025-03-01T10:00:00.000Z',
    ]);
    expect(all.body.data[0]).toMatchObject({ key_id: keyId, key_name: 'team-a', alias: 'fast', status: 200 });
    expect(all.body.data[1]).toMatchObject({ key_id: null, key_name: null });
    expect(all.body.data[0]).not.toHaveProperty('request_body');

    const clientErrors = await api('GET', `/logs?status=4xx&key_id=${keyId}`);
    expect(clientErrors.body.data.map((row: { status: number }) => row.status)).toEqual([429]);
    const limited = await api('GET', `/logs?status=429&key_id=${keyId}`);
    expect(limited.body.data).toEqual([
      expect.objectContaining({ status: 429, error_type: 'rate_limit_error' }),
    ]);
    expect((await api('GET', `/logs?alias=smart&${march}`)).body.data).toHaveLength(1);

    const first = await api('GET', '/logs?limit=3');
    expect(first.body.data).toHaveLength(3);
    const rest = await api('GET', `/logs?limit=3&cursor=${first.body.next_cursor}`);
    expect(rest.body).toMatchObject({
      data: [{ created_at: '2025-03-01T10:00:00.000Z' }],
      next_cursor: null,
    });
  });

  it('refuses malformed filters and cursors, naming the parameter', async () => {
    expect((await api('GET', '/logs?status=4zz')).body.error).toMatchObject({ field: 'status' });
    expect((await api('GET', '/logs?key_id=nope')).body.error).toMatchObject({ field: 'key_id' });
    expect((await api('GET', '/logs?limit=100000')).body.error).toMatchObject({ field: 'limit' });
    const cursor = await api('GET', '/logs?cursor=garbage');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error).toMatchObject({ field: 'cursor' });
  });
});
