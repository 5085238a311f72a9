import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './support/admin-api.js';
import { postMessages, startTestGateway, type TestGateway, testEngines } from './support/gateway.js';
import {
  chatChunks,
  chatCompletion,
  type ScriptedUpstream,
  startScriptedUpstream,
} from './support/scripted-upstream.js';

const ask = (
  url: string,
  token: string,
  model = 'my-alias',
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) =>
  postMessages(
    url,
    { model, max_tokens: 16, messages: [{ role: 'user', content: 'hello' }], ...extra },
    token,
    headers,
  );

interface LogRow {
  id: string;
  status: number;
  key_id: string | null;
  key_prefix: string | null;
  request_id: string | null;
  session_id: string | null;
  error_type: string | null;
  error_message: string | null;
  attempt_log: { provider: string; model: string; status: number; tries: number }[] | null;
}

describe.each(testEngines())('every request in the request log on %s', (engine) => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;
  let admin: ReturnType<typeof adminApi>;
  let logs: LogRow[];
  const session = 'session-1f0e';
  let limitedKey: { id: string; key: string; prefix: string };
  let revokedKey: { id: string; key: string; prefix: string };
  let answeredRequestId: string;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault({
      json: chatCompletion({ content: 'hi', usage: { prompt_tokens: 40, completion_tokens: 10 } }),
    });
    gw = await startTestGateway(engine, {
      providers: [
        { name: 'up', kind: 'openai', base_url: upstream.url },
        // Nothing listens on port 9: every try fails, and the fallback answers.
        { name: 'down', kind: 'openai', base_url: 'http://127.0.0.1:9/v1' },
      ],
      aliases: [
        {
          name: 'my-alias',
          provider: 'down',
          model: 'gone',
          fallbacks: [{ provider: 'up', model: 'm' }],
          input_price_per_mtok: 1,
          output_price_per_mtok: 2,
        },
        { name: 'direct', provider: 'up', model: 'm' },
      ],
    });
    admin = adminApi(gw.url);
    limitedKey = (await admin('POST', '/keys', { name: 'limited', rpm_limit: 1 })).body;
    revokedKey = (await admin('POST', '/keys', { name: 'leaked' })).body;
    expect((await admin('DELETE', `/keys/${revokedKey.id}`)).status).toBe(200);

    const answered = await ask(gw.url, limitedKey.key, 'my-alias', { 'x-claude-code-session-id': session });
    expect(answered.status).toBe(200);
    answeredRequestId = answered.headers.get('request-id')!;
    expect(
      (await ask(gw.url, limitedKey.key, 'my-alias', { 'x-claude-code-session-id': session })).status,
    ).toBe(429);
    expect((await ask(gw.url, revokedKey.key)).status).toBe(401);
    expect((await ask(gw.url, 'sk-aurora-NoSuchKeyAtAllxxxxxxxxxxxxxxxxxxxxxx')).status).toBe(401);
    expect((await ask(gw.url, 'not-an-aurora-key')).status).toBe(401);
    const unknownAlias = await ask(gw.url, gw.config.master_key!, 'no-such-alias');
    expect(unknownAlias.status).toBe(400);
    await gw.gateway.usage.logs.flush();
    logs = (await admin('GET', '/logs')).body.data;
  }, 120_000);
  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it('keeps refused requests with their reason and the presented key', () => {
    expect(logs.map((row) => row.status)).toEqual([400, 401, 401, 401, 429, 200]);
    const [unknownAlias, foreign, unknownKey, revoked, limited] = logs;
    expect(revoked).toMatchObject({
      key_id: revokedKey.id,
      key_prefix: revokedKey.prefix,
      error_type: 'authentication_error',
      error_message: expect.stringMatching(/^This API key has been revoked\. Ask the operator/),
    });
    expect(unknownKey).toMatchObject({
      key_id: null,
      key_prefix: 'sk-aurora-NoSuch',
      error_message: expect.stringMatching(/^Invalid API key\. Ask the operator/),
    });
    // A token that is no Aurora key is not partly written down.
    expect(foreign).toMatchObject({ key_id: null, key_prefix: null });
    expect(limited).toMatchObject({
      key_id: limitedKey.id,
      error_type: 'rate_limit_error',
      session_id: session,
    });
    expect(unknownAlias!.error_message).toContain('no-such-alias');
    for (const row of logs) expect(row.request_id).toMatch(/^req_/);
  });

  it('records each target tried, and shows one request whole by id', async () => {
    const answered = logs.at(-1)!;
    expect(answered.request_id).toBe(answeredRequestId);
    expect(answered.attempt_log).toEqual([
      expect.objectContaining({ provider: 'down', model: 'gone', status: expect.any(Number) }),
      expect.objectContaining({ provider: 'up', model: 'm', status: 200, tries: 1 }),
    ]);
    expect(answered.attempt_log![0]!.status).toBeGreaterThanOrEqual(500);
    const detail = await admin('GET', `/logs/${answered.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: answered.id, key_name: 'limited', request_body: null });
    expect((await admin('GET', '/logs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('filters by session id and by request id', async () => {
    const bySession = (await admin('GET', `/logs?session_id=${session}`)).body.data as LogRow[];
    expect(bySession.map((row) => row.status)).toEqual([429, 200]);
    const byRequest = (await admin('GET', `/logs?request_id=${answeredRequestId}`)).body.data as LogRow[];
    expect(byRequest.map((row) => row.id)).toEqual([logs.at(-1)!.id]);
  });

  it('counts refusals apart from upstream errors, with latency over answered requests only', async () => {
    const usage = (await admin('GET', '/usage?group_by=hour')).body.data as Record<string, number>[];
    // One hour, or two when the test ran across the turn of an hour.
    expect(usage.length).toBeGreaterThanOrEqual(1);
    for (const row of usage) expect(String(row.group)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00Z$/);
    const sum = (column: string) => usage.reduce((total, row) => total + row[column]!, 0);
    expect({ requests: sum('requests'), refused: sum('refused'), errors: sum('errors') }).toEqual({
      requests: 6,
      refused: 5,
      errors: 0,
    });
    expect(sum('cost_usd')).toBeGreaterThan(0);
    const byAlias = (await admin('GET', '/usage?group_by=alias')).body.data as Record<string, unknown>[];
    const alias = byAlias.find((row) => row.group === 'my-alias')!;
    // Three refusals took no time at all; the answered request's latency is what remains.
    expect(alias).toMatchObject({ requests: 2, refused: 1 });
    expect(alias.p50_ms).toBeGreaterThan(0);
  });

  // A short answer arrives in one upstream read, its last word with its first: the end is counted
  // only after the engine has recorded each target tried.
  it('records each target tried for a streamed answer that arrives in one piece', async () => {
    const whole = chatChunks({ content: 'at once' }).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`);
    upstream.enqueue({ sse: [`${whole.join('')}data: [DONE]\n\n`], done: false });
    const streamed = await ask(gw.url, gw.config.master_key!, 'direct', {}, { stream: true });
    expect(streamed.status).toBe(200);
    expect(await streamed.text()).toContain('"text":"at once"');
    await gw.gateway.usage.logs.flush();
    const requestId = streamed.headers.get('request-id')!;
    const [row] = (await admin('GET', `/logs?request_id=${requestId}`)).body.data as LogRow[];
    expect(row!.attempt_log).toEqual([
      expect.objectContaining({ provider: 'up', model: 'm', status: 200, tries: 1 }),
    ]);
  });
});
