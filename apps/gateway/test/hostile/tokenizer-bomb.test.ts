import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, type TestGateway } from '../support/gateway.js';
import { startHealthProbe } from '../support/health-probe.js';
import { type ScriptedUpstream, startScriptedUpstream } from '../support/scripted-upstream.js';
import { startHostileGateway } from './hostile-gateway.js';

// Texts whose single o200k piece made the BPE quadratic: 150,000 × `a` took 35 s on the event loop.
const bombs = {
  'one letter': 'a'.repeat(150_000),
  'blank lines': '\n'.repeat(100_000),
  spaces: ' '.repeat(100_000),
  punctuation: '!'.repeat(100_000),
  'two letters': 'ab'.repeat(75_000),
};

describe('count_tokens with pathological text', () => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    gw = await startHostileGateway({
      providers: [{ name: 'up', kind: 'openai', base_url: upstream.url, api_key: 'sk-up' }],
      aliases: [{ name: 'my-alias', provider: 'up', model: 'm' }],
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  const countBody = (text: string) =>
    JSON.stringify({ model: 'my-alias', messages: [{ role: 'user', content: text }] });
  const countTokens = (body: string) =>
    fetch(`${gw.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body,
    });

  it('keeps /health answering within 100 ms of gateway work while 15 bombs are counted at once', async () => {
    // Warm the connection pool and the tokenizer so the probe measures blocking, not start-up.
    await (await countTokens(countBody('hello'))).arrayBuffer();
    const bodies = Object.values(bombs).flatMap((text) => [text, `${text}x`, `x${text}`].map(countBody));
    const probe = startHealthProbe(gw.url);
    const answers = await Promise.all(
      bodies.map(async (body) => {
        const response = await countTokens(body);
        return { status: response.status, body: (await response.json()) as { input_tokens: number } };
      }),
    );
    const samples = await probe.stop();

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.input_tokens).toBeGreaterThan(100);
    }
    expect(samples.length).toBeGreaterThan(3);
    // 100 ms of gateway work at most before /health is answered; the wall-clock bound only catches
    // gross blocking, as a loaded machine's scheduler alone adds tens of milliseconds.
    expect(Math.max(...samples.map((sample) => sample.cpuMs))).toBeLessThan(100);
    expect(Math.max(...samples.map((sample) => sample.wallMs))).toBeLessThan(1_000);
  });

  it('counts a bomb close to what the tokenizer gives for the same text in short pieces', async () => {
    const answer = (await (await countTokens(countBody(bombs['one letter']))).json()) as {
      input_tokens: number;
    };
    // o200k packs eight `a` per token; the message adds its role markers.
    expect(answer.input_tokens).toBeGreaterThan(150_000 / 8 - 100);
    expect(answer.input_tokens).toBeLessThan(150_000 / 8 + 100);
  });
});
