import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authHeaders, postMessages, type TestGateway } from '../support/gateway.js';
import {
  anthropicEvents,
  anthropicMessage,
  chatChunks,
  chatCompletion,
  type ScriptedUpstream,
  startScriptedUpstream,
} from '../support/scripted-upstream.js';
import { startHostileGateway } from './hostile-gateway.js';

const chunk = (delta: Record<string, unknown>) => ({
  id: 'chatcmpl-cut',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta, finish_reason: null }],
});

// The upstream ends its body cleanly in the middle of a tool call: no finish_reason, no [DONE].
const cutToolCall = [
  chunk({ role: 'assistant', content: 'Cleaning up.' }),
  chunk({
    tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '' } }],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"command": "rm -rf ./' } }] }),
];

const ask = (gw: TestGateway, model: string, stream: boolean) =>
  postMessages(gw.url, { model, max_tokens: 64, stream, messages: [{ role: 'user', content: 'clean up' }] });

describe('answers that end too soon', () => {
  let primary: ScriptedUpstream;
  let backup: ScriptedUpstream;
  let stalling: Server;
  let gw: TestGateway;

  beforeAll(async () => {
    [primary, backup] = await Promise.all([startScriptedUpstream(), startScriptedUpstream()]);
    // Sends half a JSON answer, then nothing: the idle timeout must end it.
    stalling = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"chatcmpl-stall","object":"chat.completion","choices":[{"index":0,"message":{"role"');
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const stallingUrl = `http://127.0.0.1:${(stalling.address() as AddressInfo).port}/v1`;
    gw = await startHostileGateway({
      idle_timeout_ms: 1_500,
      providers: [
        { name: 'primary', kind: 'openai', base_url: primary.url, api_key: 'sk-p' },
        { name: 'backup', kind: 'openai', base_url: backup.url, api_key: 'sk-b' },
        { name: 'stalling', kind: 'openai', base_url: stallingUrl, api_key: 'sk-s' },
        { name: 'native', kind: 'anthropic', base_url: primary.url, api_key: 'sk-n' },
      ],
      aliases: [
        { name: 'alone', provider: 'primary', model: 'm' },
        {
          name: 'with-backup',
          provider: 'primary',
          model: 'm',
          fallbacks: [{ provider: 'backup', model: 'b' }],
        },
        { name: 'stalls', provider: 'stalling', model: 'm' },
        { name: 'passthrough', provider: 'native', model: 'claude-upstream' },
      ],
    });
  });
  afterAll(async () => {
    await gw?.stop();
    stalling?.closeAllConnections();
    stalling?.close();
    await Promise.all([primary?.close(), backup?.close()]);
  });
  beforeEach(() => {
    primary.requests.length = 0;
    backup.requests.length = 0;
  });

  it('ends a stream cut mid tool call with an error event: no stop_reason, no runnable tool call', async () => {
    primary.enqueue({ sse: cutToolCall, done: false });
    const response = await ask(gw, 'alone', true);
    expect(response.status).toBe(200);
    const text = await response.text();
    const events = text
      .trim()
      .split('\n\n')
      .map((frame) => /^event: (\S+)/.exec(frame)?.[1]);
    expect(events.at(-1)).toBe('error');
    expect(text).not.toContain('message_stop');
    expect(text).not.toContain('"stop_reason":"tool_use"');
    expect(text).not.toContain('"stop_reason":"end_turn"');
    // What went out of the arguments is what came in: nothing appended to make them valid JSON.
    const partial = [...text.matchAll(/"partial_json":("(?:[^"\\]|\\.)*")/g)]
      .map((match) => JSON.parse(match[1]!) as string)
      .join('');
    expect(partial).toBe('{"command": "rm -rf ./');
  });

  it('ends cut text with an error event, never end_turn', async () => {
    primary.enqueue({ sse: cutToolCall.slice(0, 1), done: false });
    const text = await (await ask(gw, 'alone', true)).text();
    expect(text).toMatch(/event: error\ndata: .*without a finish reason/);
    expect(text).not.toContain('end_turn');
  });

  it('sends an empty stream to the fallback, and answers a 502 error when there is none', async () => {
    primary.enqueue({ sse: [], done: false });
    const rescued = await ask(gw, 'with-backup', true);
    expect(rescued.status).toBe(200);
    expect(await rescued.text()).toContain('message_stop');
    expect(backup.requests).toHaveLength(1);

    primary.enqueue({ sse: [], done: false });
    const alone = await ask(gw, 'alone', true);
    expect(alone.status).toBe(502);
    expect(((await alone.json()) as { type: string }).type).toBe('error');
  });

  it('refuses a JSON answer without a finish reason (502, or the fallback)', async () => {
    const cut = chatCompletion({ toolCalls: [{ name: 'Bash', arguments: '{"command": "rm -rf ./' }] });
    (cut.choices as { finish_reason: unknown }[])[0]!.finish_reason = null;
    primary.enqueue({ json: cut });
    const alone = await ask(gw, 'alone', false);
    expect(alone.status).toBe(502);
    expect(((await alone.json()) as { error: { message: string } }).error.message).toContain('finish reason');

    primary.enqueue({ json: cut });
    const rescued = await ask(gw, 'with-backup', false);
    expect(rescued.status).toBe(200);
    expect(backup.requests).toHaveLength(1);
  });

  it('answers 504 when a JSON answer stalls midway, like a first-byte timeout', async () => {
    const response = await ask(gw, 'stalls', false);
    expect(response.status).toBe(504);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/timed out/);
  });

  it('ends an Anthropic-kind stream cut before message_stop with an error event', async () => {
    const events = anthropicEvents({
      toolCalls: [{ name: 'Bash', arguments: { command: 'rm -rf ./build' } }],
    });
    primary.enqueue({ path: '/v1/messages', sse: events.slice(0, -2), done: false });
    const text = await (await ask(gw, 'passthrough', true)).text();
    expect(text.trim().split('\n\n').at(-1)).toMatch(/^event: error\ndata: .*without message_stop/);
    expect(text).not.toContain('event: message_stop');
  });

  it('still streams a complete answer as before', async () => {
    primary.enqueue({ sse: chatChunks({ content: 'all done' }) });
    const text = await (await ask(gw, 'alone', true)).text();
    expect(text).toContain('"stop_reason":"end_turn"');
    expect(text).toContain('message_stop');
  });
});

const askChat = (gw: TestGateway, model: string, stream: boolean) =>
  fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { ...authHeaders(), 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'clean up' }] }),
  });

/** The `data:` payloads of an OpenAI stream, in order. */
const dataLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice(6));

describe('answers that end too soon, to an OpenAI client', () => {
  let openai: ScriptedUpstream;
  let anthropic: ScriptedUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    [openai, anthropic] = await Promise.all([startScriptedUpstream(), startScriptedUpstream()]);
    gw = await startHostileGateway({
      providers: [
        { name: 'relayed', kind: 'openai', base_url: openai.url, api_key: 'sk-o' },
        { name: 'claude', kind: 'anthropic', base_url: anthropic.url, api_key: 'sk-a' },
      ],
      aliases: [
        { name: 'relay', provider: 'relayed', model: 'm' },
        { name: 'translated', provider: 'claude', model: 'c' },
      ],
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await Promise.all([openai?.close(), anthropic?.close()]);
  });

  it('ends a relayed stream with no finish reason and no [DONE] with an error frame', async () => {
    openai.enqueue({ sse: cutToolCall, done: false });
    const response = await askChat(gw, 'relay', true);
    expect(response.status).toBe(200);
    const data = dataLines(await response.text());
    expect(data).not.toContain('[DONE]');
    expect(data.join('\n')).not.toMatch(/"finish_reason":"/);
    expect(JSON.parse(data.at(-1)!)).toMatchObject({
      error: { message: expect.stringContaining('without a finish reason') },
    });
  });

  it('ends a translated stream with no message_stop with an error frame', async () => {
    const events = anthropicEvents({ toolCalls: [{ name: 'Bash', arguments: '{"command": "rm -rf ./"}' }] });
    // Cut after the tool call's first delta: no content_block_stop, message_delta or message_stop.
    const cut = events.slice(
      0,
      events.findIndex((event) => event.type === 'content_block_stop'),
    );
    anthropic.enqueue({ sse: cut, done: false });
    const response = await askChat(gw, 'translated', true);
    expect(response.status).toBe(200);
    const data = dataLines(await response.text());
    expect(data).not.toContain('[DONE]');
    expect(data.join('\n')).not.toMatch(/"finish_reason":"/);
    expect(JSON.parse(data.at(-1)!)).toMatchObject({
      error: { message: expect.stringContaining('without a finish reason') },
    });
  });

  it('answers 502 to a JSON answer without a finish reason, from either kind of provider', async () => {
    const cut = chatCompletion({ content: 'half' });
    (cut.choices as { finish_reason: unknown }[])[0]!.finish_reason = null;
    openai.enqueue({ json: cut });
    anthropic.enqueue({ json: { ...anthropicMessage({ content: 'half' }), stop_reason: null } });
    for (const alias of ['relay', 'translated']) {
      const response = await askChat(gw, alias, false);
      expect(response.status).toBe(502);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toContain('finish reason');
    }
  });

  it('still passes complete answers on', async () => {
    openai.enqueue({ sse: chatChunks({ content: 'all done' }) });
    anthropic.enqueue({ sse: anthropicEvents({ content: 'all done' }), done: false });
    for (const alias of ['relay', 'translated']) {
      const data = dataLines(await (await askChat(gw, alias, true)).text());
      expect(data.at(-1)).toBe('[DONE]');
      expect(data.join('\n')).toContain('"finish_reason":"stop"');
    }
  });
});
