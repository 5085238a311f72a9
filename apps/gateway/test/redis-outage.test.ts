import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './support/admin-api.js';
import { postMessages, startTestGateway, type TestGateway } from './support/gateway.js';
import { chatCompletion, type ScriptedUpstream, startScriptedUpstream } from './support/scripted-upstream.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

// Redis that stops answering without closing its connections: the hardest outage to notice.
const call = (url: string, key: string) =>
  postMessages(url, { model: 'my-alias', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }, key);

const metric = async (url: string, name: string) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

describe.each(['fail-open', 'fail-closed'] as const)('a hung Redis in %s mode', (mode) => {
  let upstream: ScriptedUpstream;
  let proxy: TcpProxy;
  let gw: TestGateway;
  let key: string;
  let keyId: string;
  // Straight to Redis, not through the proxy: to see what the gateway wrote.
  const redis = new Redis({ host: '127.0.0.1', port: 6379, db: 12, lazyConnect: true });

  /** Waits until a request's settlement (sent after its answer) has reached Redis. */
  const settled = async (answer: Response) => {
    const { usage } = (await answer.json()) as { usage: { input_tokens: number; output_tokens: number } };
    const used = usage.input_tokens + usage.output_tokens;
    await expect
      .poll(
        async () => {
          const [tpm] = await redis.keys(`aurora:rl:${keyId}:*:tpm`);
          return tpm === undefined ? undefined : Number(await redis.get(tpm));
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe(used);
  };

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault({ json: chatCompletion({ content: 'ok' }) });
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    gw = await startTestGateway('pglite', {
      // A database number of its own; key ids are random anyway.
      redis_url: `redis://127.0.0.1:${proxy.port}/12`,
      redis_failure_mode: mode,
      redis_timeout_ms: 200,
      providers: [{ name: 'up', kind: 'openai', base_url: upstream.url }],
      aliases: [{ name: 'my-alias', provider: 'up', model: 'm' }],
    });
    const created = (await adminApi(gw.url)('POST', '/keys', { name: 'limited', rpm_limit: 1_000 })).body;
    key = created.key;
    keyId = created.id;
  });
  afterAll(async () => {
    redis.disconnect();
    await gw?.stop();
    await proxy?.close();
    await upstream?.close();
  });

  it('costs one command timeout when it hangs, then is skipped until it answers again', async () => {
    const first = await call(gw.url, key);
    expect(first.status).toBe(200);
    expect(await metric(gw.url, 'aurora_redis_up')).toBe(1);
    // Else the first request's settlement could be the command that meets the hang.
    await settled(first);

    proxy.blackHole();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await call(gw.url, key)).status);
    expect(new Set(statuses)).toEqual(new Set([mode === 'fail-open' ? 200 : 503]));
    // Only the first request waited for Redis; the other 19 never asked it.
    expect(await metric(gw.url, 'aurora_redis_failures_total')).toBe(1);
    expect(await metric(gw.url, 'aurora_redis_up')).toBe(0);
    expect(await metric(gw.url, `aurora_limit_checks_degraded_total{mode="${mode}"}`)).toBe(20);
    if (mode === 'fail-closed') {
      const refused = await call(gw.url, key);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
        /Redis is unreachable and redis_failure_mode is fail-closed/,
      );
    }

    proxy.restore();
    await expect.poll(() => metric(gw.url, 'aurora_redis_up'), { timeout: 30_000, interval: 200 }).toBe(1);
    expect((await call(gw.url, key)).status).toBe(200);
    expect(await metric(gw.url, `aurora_limit_checks_degraded_total{mode="${mode}"}`)).toBe(
      mode === 'fail-closed' ? 21 : 20,
    );
  });
});
