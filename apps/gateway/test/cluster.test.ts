import { readRegistryRevision } from '@aurora/db';
import { createTestDatabase, type TestDatabase } from '@aurora/db/testing';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminApi } from './support/admin-api.js';
import { postMessages } from './support/gateway.js';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process.js';
import { chatCompletion, type ScriptedUpstream, startScriptedUpstream } from './support/scripted-upstream.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { until } from './support/until.js';

// Several `aurora serve` processes on one real Postgres, as an operator runs them; the built CLI.
const providerSecret = 'sk-upstream-cluster-secret-0123456789';

const callMessages = (url: string, token: string) =>
  postMessages(
    url,
    { model: 'my-alias', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] },
    token,
  );

const configYaml = (upstreamUrl: string, withSecret = true) => [
  'providers:',
  `  - { name: up, kind: openai, base_url: "${upstreamUrl}"${withSecret ? `, api_key: "${providerSecret}"` : ''} }`,
  'aliases:',
  '  - { name: my-alias, provider: up, model: m }',
];

describe.runIf(process.env.TEST_DATABASE_URL)('gateways on one Postgres, through outages', () => {
  let upstream: ScriptedUpstream;
  let db: TestDatabase;
  let proxy: TcpProxy | undefined;
  const running: GatewayProcess[] = [];
  const start = async (...args: Parameters<typeof startGatewayProcess>) => {
    const gateway = await startGatewayProcess(...args);
    running.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault({
      json: chatCompletion({ content: 'hi', usage: { prompt_tokens: 10, completion_tokens: 16 } }),
    });
  });
  afterAll(() => upstream?.close());
  beforeEach(async () => {
    db = await createTestDatabase('postgres');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((g) => g.stop()));
    await proxy?.close();
    proxy = undefined;
    await db.dispose();
  });

  const databaseUrl = () => db.openOptions.databaseUrl!;
  const proxiedUrl = (p: TcpProxy) => {
    const url = new URL(databaseUrl());
    url.host = `127.0.0.1:${p.port}`;
    return url.toString();
  };

  it('a key revoked on A while B is cut off from the database is refused by B within 2 s of the cut ending', async () => {
    proxy = await startTcpProxy({
      host: new URL(databaseUrl()).hostname,
      port: Number(new URL(databaseUrl()).port || 5432),
    });
    const a = await start({ databaseUrl: databaseUrl(), yaml: configYaml(upstream.url) });
    const b = await start({ databaseUrl: proxiedUrl(proxy) });
    const admin = adminApi(a.url);
    const revoked = (await admin('POST', '/keys', { name: 'to-revoke' })).body as { id: string; key: string };
    const kept = (await admin('POST', '/keys', { name: 'kept' })).body as { id: string; key: string };
    // Both keys, not only the first: B may have synced between the two creations.
    await until(
      async () =>
        (await callMessages(b.url, revoked.key)).status === 200 &&
        (await callMessages(b.url, kept.key)).status === 200,
      10_000,
    );

    proxy.cut();
    expect((await admin('DELETE', `/keys/${revoked.id}`)).status).toBe(200);
    expect((await callMessages(a.url, revoked.key)).status).toBe(401);
    // B serves from memory meanwhile.
    expect((await callMessages(b.url, kept.key)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    proxy.restore();
    const waited = await until(async () => (await callMessages(b.url, revoked.key)).status === 401, 10_000);
    console.info(`B refused the revoked key ${waited} ms after the cut ended`);
    expect(waited).toBeLessThanOrEqual(2_000);
    expect(b.alive()).toBe(true);
    expect((await b.ready()).registry.revision).toBe(await readRegistryRevision(db.database.db));
  }, 120_000);

  it('survives 100 back-end terminations while another instance changes keys, and agrees with the database after', async () => {
    const a = await start({ databaseUrl: databaseUrl(), yaml: configYaml(upstream.url) });
    const b = await start({ databaseUrl: databaseUrl(), env: { PGAPPNAME: 'aurora-victim' } });
    const admin = adminApi(a.url);
    const killer = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const dbName = new URL(databaseUrl()).pathname.slice(1);
    const created: { id: string; key: string }[] = [];
    let terminated = 0;
    let busy = true;
    try {
      // B's database work: admin reads open connections for the terminations to hit.
      const load = Array.from({ length: 4 }, async () => {
        while (busy)
          await fetch(`${b.url}/admin/api/keys`, {
            headers: { authorization: `Bearer ${'sk-aurora-test-master-key-0123456789'}` },
          }).catch(() => {});
      });
      const changes = (async () => {
        while (busy) {
          const key = (await admin('POST', '/keys', { name: `k${created.length}` })).body as {
            id: string;
            key: string;
          };
          created.push(key);
          if (created.length % 3 === 0) await admin('DELETE', `/keys/${key.id}`);
        }
      })();
      const started = Date.now();
      while (terminated < 100 && Date.now() - started < 30_000) {
        const rows = await killer`
          select pg_terminate_backend(pid) as ok from pg_stat_activity
          where datname = ${dbName} and application_name = 'aurora-victim' and pid <> pg_backend_pid()`;
        terminated += rows.filter((row) => row.ok).length;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      busy = false;
      await Promise.all([changes, ...load]);
      console.info(
        `${terminated} terminations in ${Date.now() - started} ms, ${created.length} keys changed`,
      );
      expect(terminated).toBeGreaterThanOrEqual(100);
    } finally {
      busy = false;
      await killer.end();
    }
    expect(a.alive()).toBe(true);
    expect(b.alive()).toBe(true);
    const revision = await readRegistryRevision(db.database.db);
    await until(async () => (await b.ready()).registry.revision === revision, 10_000);
    for (const [i, { key }] of created.entries()) {
      const expected = (i + 1) % 3 === 0 ? 401 : 200;
      expect((await callMessages(b.url, key)).status).toBe(expected);
      expect((await callMessages(a.url, key)).status).toBe(expected);
    }
  }, 120_000);

  it("sends the provider's key on every request from both instances through a rolling key rotation", async () => {
    const OLD = 'the-old-encryption-key-0123';
    const NEW = 'the-new-encryption-key-4567';
    const instance = (env: Record<string, string>) =>
      start({ databaseUrl: databaseUrl(), env: { AURORA_ENCRYPTION_KEY: OLD, ...env } });
    const nodes: (GatewayProcess | undefined)[] = [await instance({}), await instance({})];
    const admin = adminApi(nodes[0]!.url);
    expect(
      (
        await admin('POST', '/providers', {
          name: 'up',
          kind: 'openai',
          base_url: upstream.url,
          api_key: providerSecret,
        })
      ).status,
    ).toBe(201);
    expect((await admin('POST', '/aliases', { name: 'my-alias', provider: 'up', model: 'm' })).status).toBe(
      201,
    );
    const { key } = (await admin('POST', '/keys', { name: 'rotating' })).body as { key: string };
    await until(async () => (await callMessages(nodes[1]!.url, key)).status === 200, 10_000);

    // Traffic to whichever instances are up, all the way through.
    const answers: number[] = [];
    let rotating = true;
    const traffic = (async () => {
      while (rotating) {
        await Promise.all(
          nodes.map(async (node) => {
            if (!node?.alive()) return;
            const response = await callMessages(node.url, key).catch(() => undefined);
            if (response) answers.push(response.status);
          }),
        );
      }
    })();
    const seen = upstream.requests.length;
    // One instance at a time, as a rolling deploy does: the other keeps serving.
    const restart = async (i: number, env: Record<string, string>) => {
      const old = nodes[i]!;
      nodes[i] = undefined;
      await old.stop();
      nodes[i] = await instance(env);
      await new Promise((resolve) => setTimeout(resolve, 500));
    };
    try {
      const steps: Record<string, string>[] = [
        { AURORA_PREVIOUS_ENCRYPTION_KEY: NEW },
        { AURORA_ENCRYPTION_KEY: NEW, AURORA_PREVIOUS_ENCRYPTION_KEY: OLD },
        { AURORA_ENCRYPTION_KEY: NEW },
      ];
      for (const step of steps) {
        await restart(0, step);
        await restart(1, step);
      }
    } finally {
      rotating = false;
      await traffic;
    }
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((status) => status !== 200)).toEqual([]);
    const sent = upstream.requests.slice(seen).filter((r) => r.path.endsWith('/chat/completions'));
    expect(sent.length).toBe(answers.length);
    expect(sent.filter((r) => r.headers.authorization !== `Bearer ${providerSecret}`)).toEqual([]);

    // An instance that knows only the retired key refuses visibly, and calls nobody without the key.
    const stale = await start({ databaseUrl: databaseUrl(), env: { AURORA_ENCRYPTION_KEY: OLD } });
    const before = upstream.requests.length;
    const refused = await callMessages(stale.url, key);
    expect(refused.status).toBe(500);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /the API key of provider "up" cannot be decrypted by this gateway: .*encrypted with another key/,
    );
    expect(upstream.requests.length).toBe(before);
    expect(stale.run.output().stdout).toMatch(/cannot be decrypted by this gateway/);
  }, 180_000);

  it("broadcasts a starting instance's config-as-code changes to the running ones", async () => {
    const other = await startScriptedUpstream();
    try {
      other.setDefault({ json: chatCompletion({ content: 'from the new target' }) });
      const a = await start({ databaseUrl: databaseUrl(), yaml: configYaml(upstream.url) });
      const { key } = (await adminApi(a.url)('POST', '/keys', { name: 'deploy' })).body as { key: string };
      expect((await callMessages(a.url, key)).status).toBe(200);
      const retargeted = configYaml(other.url);
      await start({ databaseUrl: databaseUrl(), yaml: retargeted });
      const waited = await until(async () => {
        const answer = (await (await callMessages(a.url, key)).json()) as { content?: { text: string }[] };
        return answer.content?.[0]?.text === 'from the new target';
      }, 10_000);
      expect(waited).toBeLessThan(2_000);
    } finally {
      await other.close();
    }
  }, 120_000);

  it('refuses to start on Postgres with a generated master key, in one line', async () => {
    const run = startGatewayProcess({ databaseUrl: databaseUrl(), env: { AURORA_MASTER_KEY: '' } });
    await expect(run).rejects.toThrow(/exited 1/);
    await run.catch((error: Error) => {
      const lines = error.message
        .replace(/^exited 1: /, '')
        .trim()
        .split('\n');
      expect(lines).toEqual([
        'aurora: master_key is not set: a generated master key is for the embedded database only; with database_url, set AURORA_MASTER_KEY (and AURORA_ENCRYPTION_KEY) to the same value on every instance',
      ]);
    });
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('budgets and limits across instances with Redis', () => {
  // A database number of its own keeps these counters apart from other users of the server.
  const redisUrl = 'redis://127.0.0.1:6379/11';
  let upstream: ScriptedUpstream;
  let db: TestDatabase;
  const running: GatewayProcess[] = [];

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    // 26 tokens per answer; the gateway reserves more (the body's size and max_tokens 16).
    upstream.setDefault({
      json: chatCompletion({ content: 'hi', usage: { prompt_tokens: 10, completion_tokens: 16 } }),
      delayMs: 50,
    });
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await Promise.all(running.splice(0).map((g) => g.stop()));
    await upstream?.close();
    await db?.dispose();
  });

  it("lets at most 10 + 1 of 100 concurrent requests over 3 instances through a budget of 10 requests' tokens", async () => {
    const url = db.openOptions.databaseUrl!;
    for (let i = 0; i < 3; i++) {
      running.push(
        await startGatewayProcess({
          databaseUrl: url,
          yaml: i === 0 ? configYaml(upstream.url) : [],
          // Generous: on a loaded machine a slow answer must not open the breaker (that is tested
          // in redis-outage.test.ts); this test is about the shared reservations.
          env: { REDIS_URL: redisUrl, AURORA_REDIS_TIMEOUT_MS: '10000' },
        }),
      );
    }
    const admin = adminApi(running[0]!.url);
    const { id, key } = (await admin('POST', '/keys', { name: 'budgeted', budget_tokens: 10 * 26 })).body as {
      id: string;
      key: string;
    };
    await until(async () => {
      const ready = await Promise.all(running.map((g) => g.ready()));
      return ready.every((r) => r.registry.revision === ready[0]!.registry.revision);
    }, 10_000);
    const before = upstream.requests.length;
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => callMessages(running[i % 3]!.url, key)),
    );
    const passed = responses.filter((r) => r.status === 200).length;
    console.info(`${passed} of 100 passed a budget of 10 requests' tokens over 3 instances`);
    expect(passed).toBeGreaterThan(0);
    expect(passed).toBeLessThanOrEqual(11);
    expect(upstream.requests.length - before).toBe(passed);
    for (const gateway of running) expect(gateway.run.output().stdout).not.toMatch(/redis unavailable/);
    const refused = responses.filter((r) => r.status !== 200);
    expect(new Set(refused.map((r) => r.status))).toEqual(new Set([403]));
    expect(((await refused[0]!.json()) as { error: { message: string } }).error.message).toMatch(
      /monthly budget of 260 tokens/,
    );
    // The request logs agree with what passed.
    await until(
      async () => (await admin('GET', `/logs?key_id=${id}&limit=200`)).body.data.length === 100,
      10_000,
    );
  }, 120_000);

  it('starts with Redis unreachable in fail-open mode, and refuses to in fail-closed mode', async () => {
    const url = db.openOptions.databaseUrl!;
    const open = await startGatewayProcess({
      databaseUrl: url,
      env: { REDIS_URL: 'redis://127.0.0.1:1' },
    });
    running.push(open);
    expect(open.run.output().stdout).toMatch(
      /redis unavailable: rate limits and budgets are counted by this instance alone/,
    );
    const closed = startGatewayProcess({
      databaseUrl: url,
      env: { REDIS_URL: 'redis://127.0.0.1:1', AURORA_REDIS_FAILURE_MODE: 'fail-closed' },
    });
    await expect(closed).rejects.toThrow(/cannot connect to redis_url redis:\/\/127\.0\.0\.1:1.*fail-closed/);
  }, 60_000);
});
