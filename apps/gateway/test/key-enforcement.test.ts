import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, requestLogs } from '@aurora/db';
import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './support/admin-api.js';
import { listeningUrl, runCli } from './support/cli-process.js';
import {
  postMessages,
  startTestGateway,
  TEST_MASTER_KEY,
  type TestGateway,
  testEngines,
} from './support/gateway.js';
import { chatCompletion, type ScriptedUpstream, startScriptedUpstream } from './support/scripted-upstream.js';

const providerSecret = 'sk-upstream-very-secret-0123456789';

const callMessages = (url: string, token: string, model = 'my-alias') =>
  postMessages(url, { model, max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] }, token);

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

describe.each(testEngines())('managed keys at the model routes on %s', (engine) => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;
  let admin: ReturnType<typeof adminApi>;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault({
      json: chatCompletion({ content: 'hi', usage: { prompt_tokens: 40, completion_tokens: 10 } }),
    });
    gw = await startTestGateway(engine, {
      providers: [{ name: 'up', kind: 'openai', base_url: upstream.url, api_key: providerSecret }],
      aliases: [
        {
          name: 'my-alias',
          provider: 'up',
          model: 'm',
          input_price_per_mtok: 1_000,
          output_price_per_mtok: 2_000,
        },
        { name: 'cheap', provider: 'up', model: 'c' },
      ],
    });
    admin = adminApi(gw.url);
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  const createKey = async (body: Record<string, unknown>) => {
    const created = await admin('POST', '/keys', body);
    expect(created.status).toBe(201);
    return created.body as { id: string; key: string; prefix: string };
  };

  it('lives its whole life over HTTP: works once created, is never listed, and is refused once revoked', async () => {
    const { id, key, prefix } = await createKey({ name: 'laptop' });
    expect(key).toMatch(/^sk-aurora-[A-Za-z0-9_-]{43,}$/);
    expect(key.startsWith(prefix)).toBe(true);
    expect((await callMessages(gw.url, key)).status).toBe(200);

    const listed = await admin('GET', '/keys');
    expect(listed.text).not.toContain(key);
    expect(listed.body.data.find((k: { id: string }) => k.id === id)).not.toHaveProperty('key');

    expect((await admin('DELETE', `/keys/${id}`)).status).toBe(200);
    const refused = await callMessages(gw.url, key);
    expect(refused.status).toBe(401);
    // Claude Code stops at once instead of retrying for minutes, and tells the user whom to ask.
    expect(refused.headers.get('x-should-retry')).toBe('false');
    const body = (await refused.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('authentication_error');
    expect(body.error.message).toMatch(
      /^This API key has been revoked\. Ask the operator of this Aurora gateway/,
    );
    expect(body.error.message).toContain('aurora keys create');
  });

  it('refuses a key after it expires', async () => {
    const { key } = await createKey({
      name: 'short',
      expires_at: new Date(Date.now() + 1_500).toISOString(),
    });
    expect((await callMessages(gw.url, key)).status).toBe(200);
    await until(async () => (await callMessages(gw.url, key)).status === 401, 5_000);
    expect(await (await callMessages(gw.url, key)).json()).toMatchObject({
      error: { message: expect.stringMatching(/^This API key has expired\. Ask the operator/) },
    });
  });

  it('keeps a key to its allowed aliases: 403 for others, and lists only its own in a 400', async () => {
    const { key } = await createKey({ name: 'limited', allowed_aliases: ['cheap'] });
    expect((await callMessages(gw.url, key, 'cheap')).status).toBe(200);
    const forbidden = await callMessages(gw.url, key, 'my-alias');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('x-should-retry')).toBe('false');
    expect(await forbidden.json()).toMatchObject({ error: { type: 'permission_error' } });
    const unknown = (await (await callMessages(gw.url, key, 'gpt-5')).json()) as {
      error: { message: string };
    };
    expect(unknown.error.message).toContain('Aliases you can use: cheap.');
    const models = (await (
      await fetch(`${gw.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as {
      data: { id: string }[];
    };
    expect(models.data.map((m) => m.id)).toEqual(['cheap']);
  });

  it('lets exactly N requests of a concurrent burst through a limit of N per minute, then answers 429 with retry-after', async () => {
    const { key } = await createKey({ name: 'burst', rpm_limit: 3 });
    const responses = await Promise.all(Array.from({ length: 8 }, () => callMessages(gw.url, key, 'cheap')));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    const limited = responses.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it('refuses a key whose monthly budget is spent, with a message that says so', async () => {
    const { key } = await createKey({ name: 'budgeted', budget_usd: 0.05 });
    // 40 input tokens at $1000/M + 10 output at $2000/M = $0.06: over the budget after one answer.
    expect((await callMessages(gw.url, key)).status).toBe(200);
    const refused = await callMessages(gw.url, key);
    expect(refused.status).toBe(403);
    const message = ((await refused.json()) as { error: { message: string } }).error.message;
    expect(message).toMatch(/monthly budget of \$0\.05/);
  });

  it("logs every request with its key, tokens and cost, and counts it in the key's spend", async () => {
    const { id, key } = await createKey({ name: 'accounted' });
    expect((await callMessages(gw.url, key)).status).toBe(200);
    const logs = await until(async () => {
      const page = await admin('GET', `/logs?key_id=${id}`);
      return page.body.data.length === 1;
    }, 5_000).then(() => admin('GET', `/logs?key_id=${id}`));
    expect(logs.body.data[0]).toMatchObject({
      key_id: id,
      alias: 'my-alias',
      provider: 'up',
      upstream_model: 'm',
      status: 200,
      input_tokens: 40,
      output_tokens: 10,
      attempts: 1,
      ingress: 'anthropic',
    });
    expect(logs.body.data[0].cost_usd).toBeCloseTo(0.06, 10);
    const fetched = await admin('GET', `/keys/${id}`);
    expect(fetched.body).toMatchObject({ spend_tokens: 50 });
    expect(fetched.body.spend_usd).toBeCloseTo(0.06, 10);
    expect(fetched.body.last_used_at).not.toBeNull();
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('two gateways on one Postgres', () => {
  it('a key revoked through one is refused by the other within a second', async () => {
    const upstream = await startScriptedUpstream();
    const a = await startTestGateway('postgres', {
      providers: [{ name: 'up', kind: 'openai', base_url: upstream.url, api_key: providerSecret }],
      aliases: [{ name: 'my-alias', provider: 'up', model: 'm' }],
    });
    // The second instance joins the first one's database instead of creating its own.
    const b = await startTestGateway('pglite', { database_url: a.config.database_url });
    try {
      const created = await adminApi(a.url)('POST', '/keys', { name: 'shared' });
      const key = created.body.key as string;
      await until(async () => (await callMessages(b.url, key)).status === 200, 1_000);
      await adminApi(a.url)('DELETE', `/keys/${created.body.id}`);
      const waited = await until(async () => (await callMessages(b.url, key)).status === 401, 1_000);
      expect(waited).toBeLessThan(1_000);
    } finally {
      await b.stop();
      await a.stop();
      await upstream.close();
    }
  });
});

describe('shutdown and secrets', () => {
  it('flushes request logs on SIGTERM, and no full key or provider secret reaches the database or the logs', async () => {
    const upstream = await startScriptedUpstream();
    upstream.setDefault({ json: chatCompletion({ content: 'hi' }) });
    const cwd = mkdtempSync(join(tmpdir(), 'aurora-sigterm-'));
    writeFileSync(
      join(cwd, 'aurora.yaml'),
      [
        'providers:',
        `  - { name: up, kind: openai, base_url: "${upstream.url}", api_key: "${providerSecret}" }`,
        'aliases:',
        '  - { name: my-alias, provider: up, model: m }',
      ].join('\n'),
    );
    const run = runCli(['serve'], {
      cwd,
      env: {
        AURORA_PORT: '0',
        AURORA_HOST: '127.0.0.1',
        AURORA_MASTER_KEY: TEST_MASTER_KEY,
        AURORA_LOG_LEVEL: 'debug',
      },
    });
    try {
      const url = await listeningUrl(run);
      const created = await adminApi(url)('POST', '/keys', { name: 'scan-me' });
      const key = created.body.key as string;
      for (let i = 0; i < 3; i++) expect((await callMessages(url, key)).status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);

      const database = await openDatabase({ dataDir: join(cwd, '.aurora') });
      try {
        const [logged] = await database.db.select({ rows: count() }).from(requestLogs);
        expect(logged?.rows).toBe(3);
        const dump: string[] = [];
        for (const table of ['providers', 'model_aliases', 'api_keys', 'request_logs']) {
          const rows = await database.db.execute(sql.raw(`select * from ${table}`));
          dump.push(JSON.stringify(rows));
        }
        const everything = dump.join('\n');
        expect(everything).toContain('scan-me');
        expect(everything).not.toContain(key);
        expect(everything).not.toContain(providerSecret);
      } finally {
        await database.close();
      }
      const { stdout, stderr } = run.output();
      expect(stdout).toContain('"msg":"request"');
      expect(stdout + stderr).not.toContain(key);
      expect(stdout + stderr).not.toContain(providerSecret);
    } finally {
      run.child.kill('SIGKILL');
      await upstream.close();
    }
  });
});

describe('log_bodies', () => {
  it('keeps prompt and answer bodies only when turned on', async () => {
    const upstream = await startScriptedUpstream();
    upstream.setDefault({ json: chatCompletion({ content: 'kept answer' }) });
    const aliases = [{ name: 'my-alias', provider: 'up', model: 'm' }];
    const providers = [{ name: 'up', kind: 'openai', base_url: upstream.url }];
    const withBodies = await startTestGateway('pglite', { log_bodies: true, providers, aliases });
    const without = await startTestGateway('pglite', { providers, aliases });
    try {
      for (const gw of [withBodies, without])
        expect((await callMessages(gw.url, TEST_MASTER_KEY)).status).toBe(200);
      const rowsOf = async (gw: TestGateway) => {
        await gw.gateway.usage.logs.flush();
        return gw.gateway.database.db.select().from(requestLogs);
      };
      const [kept] = await rowsOf(withBodies);
      expect(kept?.request_body).toMatchObject({
        model: 'my-alias',
        messages: [{ role: 'user', content: 'hello' }],
      });
      expect(kept?.response_body).toMatchObject({ content: [{ type: 'text', text: 'kept answer' }] });
      const [plain] = await rowsOf(without);
      expect(plain?.request_body).toBeNull();
      expect(plain?.response_body).toBeNull();
    } finally {
      await withBodies.stop();
      await without.stop();
      await upstream.close();
    }
  });
});
