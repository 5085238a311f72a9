import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from '../support/admin-api.js';
import { postMessages, type TestGateway } from '../support/gateway.js';
import {
  chatCompletion,
  type ScriptedUpstream,
  startScriptedUpstream,
} from '../support/scripted-upstream.js';
import { until } from '../support/until.js';
import { hostileEngine, startHostileGateway } from './hostile-gateway.js';

const ask = (url: string, model: string, token?: string) =>
  postMessages(url, { model, max_tokens: 8, messages: [{ role: 'user', content: 'hello' }] }, token);

describe(`refused and hostile requests on ${hostileEngine}`, () => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;
  let admin: ReturnType<typeof adminApi>;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault({
      json: chatCompletion({ content: 'hi', usage: { prompt_tokens: 40, completion_tokens: 10 } }),
    });
    gw = await startHostileGateway({
      providers: [{ name: 'up', kind: 'openai', base_url: upstream.url, api_key: 'sk-up' }],
      aliases: [
        { name: 'my-alias', provider: 'up', model: 'm' },
        { name: 'claude-*', provider: 'up', model: 'm' },
      ],
    });
    admin = adminApi(gw.url);
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it('keeps /metrics small after 5,000 made-up model names', { timeout: 120_000 }, async () => {
    const before = (await (await fetch(`${gw.url}/metrics`)).text()).length;
    let next = 0;
    const statuses = new Set<number>();
    const client = async () => {
      while (next < 5_000) {
        const response = await ask(gw.url, `made-up-model-${next++}-${'x'.repeat(40)}`);
        await response.arrayBuffer();
        statuses.add(response.status);
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    expect([...statuses]).toEqual([400]);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).not.toContain('made-up-model');
    expect(metrics).toMatch(/aurora_requests_total\{[^}]*alias="unknown"[^}]*status="400"\} 5000/);
    expect(metrics.length).toBeLessThan(before + 16_000);
  });

  it("counts requests for unknown models against the key's requests per minute", async () => {
    const created = await admin('POST', '/keys', { name: 'rpm-2', rpm_limit: 2 });
    const key = created.body.key as string;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await ask(gw.url, `unknown-${i}`, key);
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([400, 400, 429, 429, 429, 429]);
    expect((await ask(gw.url, 'my-alias', key)).status).toBe(429);
  });

  it("logs and counts a model name with a lone surrogate against the key's budget", async () => {
    const created = await admin('POST', '/keys', { name: 'budget-100', budget_tokens: 100 });
    const key = created.body.key as string;
    // JSON.stringify writes the lone surrogate as the escape \ud800, which JSON.parse turns back.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await ask(gw.url, 'claude-\ud800', key)).status);
    expect(statuses).toEqual([200, 200, 403]);
    // The budget is reloaded from the request-log rows: they must be there for the spend to stay.
    await gw.gateway.usage.spend.refresh();
    expect((await ask(gw.url, 'claude-\ud800', key)).status).toBe(403);
    await gw.gateway.usage.logs.flush();
    const logs = await admin('GET', `/logs?key_id=${created.body.id}`);
    expect(logs.body.data).toHaveLength(4);
    expect(logs.body.data.map((row: { alias: string }) => row.alias)).toContain('claude-\ufffd');
    const usage = (await admin('GET', `/keys`)).body.data.find(
      (k: { id: string }) => k.id === created.body.id,
    );
    expect(usage.spend_tokens).toBe(100);
  });

  it('answers 400 naming the field for a 5,000-level nested body, on both ingresses', async () => {
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const anthropic = await postMessages(
      gw.url,
      `{"model":"my-alias","max_tokens":8,"messages":[{"role":"user","content":${deep}}]}`,
    );
    expect(anthropic.status).toBe(400);
    const body = (await anthropic.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^messages\.0\.content.*nested deeper than 128 levels/);

    const openai = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.config.master_key}`, 'content-type': 'application/json' },
      body: `{"model":"my-alias","messages":[{"role":"user","content":${deep}}]}`,
    });
    expect(openai.status).toBe(400);
    const error = ((await openai.json()) as { error: { param: string; type: string } }).error;
    expect(error.type).toBe('invalid_request_error');
    expect(error.param).toBe('messages.0.content');
  });

  it('still answers /health after all of it', async () => {
    await until(async () => (await fetch(`${gw.url}/health`)).ok);
  });
});
