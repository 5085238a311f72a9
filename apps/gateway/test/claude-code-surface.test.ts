/**
 * What Claude Code reads besides answers: errors it acts on (it stops at once on a 401/403 carrying
 * `x-should-retry: false`, waits at least `retry-after` on a 429, treats a 529 `overloaded_error` as
 * "try again later") and the model list its `/model` picker shows with model discovery on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, postMessages, startTestGateway, type TestGateway } from './support/gateway.js';
import { type ScriptedUpstream, startScriptedUpstream } from './support/scripted-upstream.js';

const request = { model: 'plain', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };

describe('what Claude Code reads besides answers', { timeout: 60_000 }, () => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    gw = await startTestGateway('pglite', {
      providers: [{ name: 'scripted', kind: 'openai', base_url: upstream.url, api_key: 'sk-upstream' }],
      aliases: [
        { name: 'plain', provider: 'scripted', model: 'm' },
        { name: 'big', provider: 'scripted', model: 'vendor/big-model', context_window: 128_000 },
        { name: 'claude-*', provider: 'scripted', model: 'm' },
      ],
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it('answers an unknown key with 401, x-should-retry: false and whom to ask', async () => {
    const answer = await postMessages(gw.url, request, 'sk-aurora-not-a-real-key');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('x-should-retry')).toBe('false');
    const body = (await answer.json()) as { type: string; error: { type: string; message: string } };
    expect(body).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(body.error.message).toMatch(/^Invalid API key\. Ask the operator of this Aurora gateway/);
  });

  it('turns an upstream that stays overloaded into 529 overloaded_error', async () => {
    const busy = { status: 503, body: { error: { message: 'model is overloaded' } } };
    upstream.enqueue(busy, busy, busy);
    const answer = await postMessages(gw.url, request);
    expect(answer.status).toBe(529);
    const body = (await answer.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('overloaded_error');
    expect(body.error.message).toContain('model is overloaded');
    expect(answer.headers.get('x-should-retry')).toBeNull();
  });

  it("keeps the upstream's retry-after on a 429", async () => {
    const limited = {
      status: 429,
      body: { error: { message: 'slow down' } },
      headers: { 'retry-after': '1' },
    };
    upstream.enqueue(limited, limited, limited);
    const answer = await postMessages(gw.url, request);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(await answer.json()).toMatchObject({ error: { type: 'rate_limit_error' } });
  });

  it("lists each alias for Claude Code's picker with a name and what it runs on", async () => {
    const answer = await fetch(`${gw.url}/v1/models?limit=1000`, {
      headers: { ...authHeaders(), 'anthropic-version': '2023-06-01' },
    });
    const body = (await answer.json()) as {
      data: { id: string; display_name: string; description: string }[];
    };
    expect(body.data.map(({ id, display_name, description }) => ({ id, display_name, description }))).toEqual(
      [
        { id: 'big', display_name: 'big', description: 'vendor/big-model on scripted · 128k context' },
        { id: 'plain', display_name: 'plain', description: 'm on scripted' },
      ],
    );
  });
});
