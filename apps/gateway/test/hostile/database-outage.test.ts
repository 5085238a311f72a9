import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMessages, type TestGateway } from '../support/gateway.js';
import {
  chatCompletion,
  type ScriptedUpstream,
  startScriptedUpstream,
} from '../support/scripted-upstream.js';
import { hostAndPort, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { until } from '../support/until.js';
import { countLogRows, startHostileGateway } from './hostile-gateway.js';

const postgresUrl = process.env.TEST_DATABASE_URL;
const OUTAGE_MS = 20_000;

describe.skipIf(!postgresUrl)('a 20 s database outage under load', () => {
  let upstream: ScriptedUpstream;
  let proxy: TcpProxy;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault({ json: chatCompletion({ content: 'hi' }) });
    proxy = await startTcpProxy(hostAndPort(postgresUrl!));
    gw = await startHostileGateway(
      {
        providers: [{ name: 'up', kind: 'openai', base_url: upstream.url, api_key: 'sk-up' }],
        aliases: [{ name: 'my-alias', provider: 'up', model: 'm' }],
      },
      { databaseUrl: (url) => proxy.through(url) },
    );
  });
  afterAll(async () => {
    proxy?.restore();
    await gw?.stop();
    await proxy?.close();
    await upstream?.close();
  });

  it('answers throughout and loses no request-log row', { timeout: 120_000 }, async () => {
    const statuses: number[] = [];
    let running = true;
    const client = async () => {
      while (running) {
        const response = await postMessages(gw.url, {
          model: 'my-alias',
          max_tokens: 8,
          messages: [{ role: 'user', content: 'hello' }],
        });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
    };
    const clients = Array.from({ length: 4 }, client);
    const answeredBy = async (count: number) => until(() => statuses.length >= count, 60_000);

    await answeredBy(50);
    proxy.cut();
    const duringOutage = statuses.length;
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const answeredDuringOutage = statuses.length - duringOutage;
    proxy.restore();
    await answeredBy(statuses.length + 50);
    running = false;
    await Promise.all(clients);

    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(answeredDuringOutage).toBeGreaterThan(50);
    // Every answered request has exactly one row once the writer has caught up.
    await until(async () => (await countLogRows(gw.databaseUrl!)) >= statuses.length, 60_000);
    expect(await countLogRows(gw.databaseUrl!)).toBe(statuses.length);
  });
});
