import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import { Stream } from '@anthropic-ai/sdk/streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anthropicEvents,
  anthropicMessage,
  chatChunks,
  chatCompletion,
  type ScriptedUpstream,
  type Step,
  startScriptedUpstream,
} from '../../test/support/scripted-upstream.js';
import type { RuntimeProvider } from '../registry/snapshot.js';
import type { AnswerUsage } from '../targets/answer-usage.js';
import type { RouteTarget } from '../targets/route-target.js';
import type { AnswerHooks } from './answer-hooks.js';
import { callTarget } from './call-target.js';
import type { ClientRequest } from './codec.js';
import { testAnthropicRequest, testOpenAIRequest, testTarget } from './test-targets.js';
import { withSSEBody } from './transport/sse-response.js';
import { createUpstreamClient, type UpstreamClient } from './transport/upstream-client.js';

const fixtures = new URL('../../../../packages/translate/test/fixtures/stream/', import.meta.url);

let upstream: ScriptedUpstream;
let client: UpstreamClient;
beforeAll(async () => {
  upstream = await startScriptedUpstream();
  client = createUpstreamClient({
    connectTimeoutMs: 10_000,
    firstByteTimeoutMs: 30_000,
    idleTimeoutMs: 30_000,
  });
});
afterAll(async () => {
  await client.close();
  await upstream.close();
});

const target = (kind: RuntimeProvider['kind'], preset?: string): RouteTarget =>
  testTarget(kind, { name: 'scripted', baseUrl: upstream.url, apiKey: 'upstream-key', preset });

const anthropicRequest = (stream: boolean): ClientRequest =>
  testAnthropicRequest(
    { model: 'my-alias', max_tokens: 100, stream, messages: [{ role: 'user', content: 'hello' }] },
    100,
  );

const openAIRequest = (stream: boolean): ClientRequest =>
  testOpenAIRequest({ model: 'my-alias', stream, messages: [{ role: 'user', content: 'hello' }] });

interface Recorded {
  hooks: AnswerHooks;
  usage: AnswerUsage;
  firstBytes: number;
  warnings: string[];
  ended: Promise<unknown>;
  /** Whether the stream's end has been told, and whether it was when the engine handed its answer back. */
  endTold: boolean;
  toldBeforeAnswer?: boolean;
}

function record(extra: Partial<AnswerHooks> = {}): Recorded {
  let end: (failure: unknown) => void = () => {};
  const recorded: Recorded = {
    usage: {},
    firstBytes: 0,
    warnings: [],
    endTold: false,
    ended: new Promise((resolve) => {
      end = resolve;
    }),
    hooks: {
      signal: new AbortController().signal,
      headers: { 'request-id': 'req_test' },
      onTarget: () => {},
      onFirstByte: () => {
        recorded.firstBytes += 1;
      },
      onUsage: (usage) => Object.assign(recorded.usage, usage),
      onStreamEnd: (failure) => {
        recorded.endTold = true;
        end(failure);
      },
      onTranslationWarnings: (_provider, warnings) => recorded.warnings.push(...warnings),
      ...extra,
    },
  };
  return recorded;
}

async function call(request: ClientRequest, to: RouteTarget, recorded: Recorded) {
  const result = await callTarget(
    {
      request,
      route: { requested: 'my-alias', alias: undefined, targets: [to] },
      client,
      hooks: recorded.hooks,
    },
    to,
  );
  recorded.toldBeforeAnswer = recorded.endTold;
  // A streamed answer's body is written by the HTTP layer; here it is read as a web body.
  return result.ok ? { ...result, response: withSSEBody(result.response) } : result;
}

/** The official SDK's own reading of an Anthropic stream: its final message, or the error it raised. */
async function sdkFinalMessage(response: Response): Promise<unknown> {
  const stream = Stream.fromSSEResponse(response, new AbortController());
  try {
    return await MessageStream.fromReadableStream(stream.toReadableStream()).finalMessage();
  } catch (error) {
    return { sdk_error: (error as Error).message };
  }
}

/** Random ids and Aurora's signatures differ from run to run: named by order instead. */
function withoutIds(message: unknown): unknown {
  const ids = new Map<string, string>();
  return JSON.parse(JSON.stringify(message), (key, value) => {
    if (key === 'signature' && typeof value === 'string') return '<signature>';
    if (key === 'id' && typeof value === 'string') {
      if (!ids.has(value)) ids.set(value, `id-${ids.size}`);
      return ids.get(value);
    }
    return value;
  });
}

describe('the engine, on the recorded OpenAI streams', () => {
  const names = readdirSync(fixtures)
    .filter((file) => file.endsWith('.chunks.txt'))
    .map((file) => file.slice(0, -'.chunks.txt'.length));

  it.each(names)('answers an Anthropic client as the translator does: %s', async (name) => {
    const provider = name.slice(0, name.indexOf('-'));
    const lines = readFileSync(new URL(`${name}.chunks.txt`, fixtures), 'utf8')
      .split('\n')
      .filter(Boolean);
    const expected = (
      JSON.parse(readFileSync(new URL(`${name}.out.json`, fixtures), 'utf8')) as {
        events: string[];
        message: unknown;
      }
    ).message;
    // Sent exactly as recorded, [DONE] only where the recording has it.
    upstream.enqueue({
      path: '/v1/chat/completions',
      sse: lines.map((line) => `data: ${line}\n\n`),
      done: false,
    });
    const recorded = record();
    const result = await call(
      anthropicRequest(true),
      target('openai', provider === 'generic' ? undefined : provider),
      recorded,
    );

    if (result.ok) {
      expect(result.response.headers.get('content-type')).toContain('text/event-stream');
      const message = await sdkFinalMessage(result.response);
      if ('sdk_error' in (expected as object)) expect(message).toHaveProperty('sdk_error');
      else expect(withoutIds(message)).toEqual(withoutIds(expected));
      expect(recorded.firstBytes).toBe(1);
      await recorded.ended;
    } else {
      // A stream that never produced anything fails before the first byte, so a fallback may answer.
      expect(expected).toHaveProperty('sdk_error');
      expect(result.fallback).toBe(true);
      expect(recorded.firstBytes).toBe(0);
    }
  });
});

describe('the engine, for every pair of client and upstream protocol', () => {
  const pairs = [
    { client: 'anthropic', kind: 'openai', path: '/v1/chat/completions' },
    { client: 'anthropic', kind: 'anthropic', path: '/v1/messages' },
    { client: 'openai', kind: 'openai', path: '/v1/chat/completions' },
    { client: 'openai', kind: 'anthropic', path: '/v1/messages' },
  ] as const;
  const requestFor = (client: 'anthropic' | 'openai', stream: boolean) =>
    client === 'anthropic' ? anthropicRequest(stream) : openAIRequest(stream);
  const answerStep = (kind: 'anthropic' | 'openai', stream: boolean): Step => {
    const script = { content: 'four words of answer', usage: { prompt_tokens: 7, completion_tokens: 4 } };
    if (kind === 'openai') return stream ? { sse: chatChunks(script) } : { json: chatCompletion(script) };
    return stream ? { sse: anthropicEvents(script) } : { json: anthropicMessage(script) };
  };

  it.each(pairs)('$client client, $kind upstream: a JSON answer, with usage', async (pair) => {
    upstream.enqueue({ path: pair.path, ...answerStep(pair.kind, false) });
    const recorded = record();
    const result = await call(requestFor(pair.client, false), target(pair.kind), recorded);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.response.headers.get('x-aurora-provider')).toBe('scripted');
    expect(result.response.headers.get('request-id')).toBe('req_test');
    const body = (await result.response.json()) as Record<string, unknown>;
    const text =
      pair.client === 'anthropic'
        ? (body.content as { text: string }[])[0]!.text
        : (body.choices as { message: { content: string } }[])[0]!.message.content;
    expect(text).toBe('four words of answer');
    expect(recorded.usage.output_tokens).toBeGreaterThan(0);
    expect(recorded.firstBytes).toBe(1);
  });

  it.each(pairs)('$client client, $kind upstream: a stream, with usage and its end', async (pair) => {
    upstream.enqueue({ path: pair.path, ...answerStep(pair.kind, true) });
    const recorded = record();
    const result = await call(requestFor(pair.client, true), target(pair.kind), recorded);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const text = await result.response.text();
    if (pair.client === 'anthropic') expect(text).toContain('event: message_stop');
    else expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(text.replaceAll(/"(text|content)":"([^"]*)"/g, '$2')).toContain('four');
    expect(await recorded.ended).toBeUndefined();
    expect(recorded.usage.output_tokens).toBeGreaterThan(0);
  });

  it.each(pairs)(
    '$client client, $kind upstream: an error as the first frame is a failed attempt',
    async (pair) => {
      const error =
        pair.kind === 'openai'
          ? { error: { code: 429, message: 'slow down' } }
          : { type: 'error', error: { type: 'overloaded_error', message: 'overloaded' } };
      upstream.enqueue({ path: pair.path, sse: [error] });
      const recorded = record();
      const result = await call(requestFor(pair.client, true), target(pair.kind), recorded);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.fallback).toBe(true);
      expect(result.error.type).toBe(pair.kind === 'openai' ? 'rate_limit_error' : 'overloaded_error');
      expect(recorded.firstBytes).toBe(0);
    },
  );
});

describe('failures after the first byte', () => {
  it('end an OpenAI stream with an error of the type the failure maps to, not always server_error', async () => {
    const chunks = chatChunks({ content: 'started fine', fragmentSize: 4 });
    upstream.enqueue({
      path: '/v1/chat/completions',
      sse: [...chunks.slice(0, 2), { error: { code: 429, message: 'rate limited mid-way' } }],
      delayMs: 20,
    });
    const recorded = record();
    const result = await call(openAIRequest(true), target('openai'), recorded);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const frames = (await result.response.text()).trim().split('\n\n');
    // Relayed as the provider sent it, then read for what it means.
    const error = frames.find((frame) => frame.startsWith('data: {"error"'))!;
    expect(JSON.parse(error.slice('data: '.length))).toMatchObject({
      error: { message: 'rate limited mid-way' },
    });
    expect(await recorded.ended).toMatchObject({ type: 'rate_limit_error' });

    // Translated from an Anthropic upstream, the frame is ours: its type follows the error.
    const events = anthropicEvents({ content: 'started fine' });
    upstream.enqueue({
      path: '/v1/messages',
      sse: [
        ...events.slice(0, 3),
        { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } },
      ],
      delayMs: 20,
    });
    const translated = await call(openAIRequest(true), target('anthropic'), record());
    expect(translated.ok).toBe(true);
    if (!translated.ok) return;
    const ours = (await translated.response.text()).trim().split('\n\n').at(-2)!;
    expect(JSON.parse(ours.slice('data: '.length))).toMatchObject({
      error: { type: 'rate_limit_exceeded', code: 'rate_limit_error' },
    });
  });

  it('end an Anthropic client stream from an Anthropic upstream with an error event', async () => {
    upstream.enqueue({
      path: '/v1/messages',
      sse: anthropicEvents({ content: 'cut off answer' }),
      dropAfter: 3,
    });
    const recorded = record();
    const result = await call(anthropicRequest(true), target('anthropic'), recorded);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const text = await result.response.text();
    expect(text.trim().split('\n\n').at(-1)).toMatch(
      /^event: error\ndata: \{"type":"error","error":\{"type":"api_error"/,
    );
    expect(await recorded.ended).toBeInstanceOf(Error);
  });
});

describe('extension points', () => {
  it('hold the final message_delta for the answer-completion hook, which sees the tool calls and adds to it', async () => {
    upstream.enqueue({
      path: '/v1/chat/completions',
      sse: chatChunks({ toolCalls: [{ id: 'call_1', name: 'Bash', arguments: { command: 'ls' } }] }),
    });
    const seen: unknown[] = [];
    const recorded = record({
      async completeAnswer(ending) {
        seen.push(ending.toolUses);
        ending.delta.verdict = 'checked';
      },
    });
    const result = await call(anthropicRequest(true), target('openai'), recorded);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const text = await result.response.text();
    const delta = text.split('\n\n').find((frame) => frame.startsWith('event: message_delta'))!;
    expect(JSON.parse(delta.split('data: ')[1]!).delta).toMatchObject({
      stop_reason: 'tool_use',
      verdict: 'checked',
    });
    expect(seen).toEqual([[{ id: expect.any(String), name: 'Bash', input: '{"command":"ls"}' }]]);
  });

  it('give a JSON answer to the same hook before it is sent', async () => {
    upstream.enqueue({
      path: '/v1/chat/completions',
      json: chatCompletion({ toolCalls: [{ id: 'call_1', name: 'Bash', arguments: { command: 'ls' } }] }),
    });
    const recorded = record({
      async completeAnswer(ending) {
        ending.delta.verdict = `${ending.toolUses.length} checked`;
      },
    });
    const result = await call(anthropicRequest(false), target('openai'), recorded);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await result.response.json()).toMatchObject({ stop_reason: 'tool_use', verdict: '1 checked' });
  });

  it('refuse a JSON answer or an SSE line over the size limit: before the first byte as a failed attempt, after it with an error event', async () => {
    upstream.enqueue({ path: '/v1/chat/completions', json: chatCompletion({ content: 'x'.repeat(4_000) }) });
    const json = await call(anthropicRequest(false), target('openai'), record({ maxAnswerBytes: 1_000 }));
    expect(json).toMatchObject({
      ok: false,
      fallback: true,
      error: { message: expect.stringContaining('1000-byte limit') },
    });

    upstream.enqueue({
      path: '/v1/chat/completions',
      // A long stream of short lines passes; its one long line does not.
      sse: [
        ...chatChunks({ content: 'y'.repeat(4_000), fragmentSize: 100 }).slice(0, -2),
        ...chatChunks({ content: 'z'.repeat(4_000), fragmentSize: 4_000 }).slice(1),
      ],
      // Spaced out, so that the first bytes arrive (and are sent on) before the limit is reached.
      delayMs: 2,
    });
    const recorded = record({ maxAnswerBytes: 2_000 });
    const stream = await call(anthropicRequest(true), target('openai'), recorded);
    expect(stream.ok).toBe(true);
    if (!stream.ok) return;
    const text = await stream.response.text();
    expect(text.match(/"y{100}"/g)).toHaveLength(40);
    const last = text.trim().split('\n\n').at(-1)!;
    expect(last).toMatch(/^event: error\n.*an SSE line is larger than the 2000-byte limit/);
  });

  it('refuse one SSE event whose short data lines add up to more than the limit', async () => {
    const chunks = chatChunks({ content: 'y'.repeat(400), fragmentSize: 100 });
    upstream.enqueue({
      path: '/v1/chat/completions',
      // Lines of 8 bytes, 3,000 bytes in all, and no blank line between them: one event.
      sse: [...chunks.slice(0, 3), `data: {"a":\n${'data: 1,\n'.repeat(300)}data: 2}\n\n`],
      delayMs: 2,
    });
    const stream = await call(anthropicRequest(true), target('openai'), record({ maxAnswerBytes: 2_000 }));
    expect(stream.ok).toBe(true);
    if (!stream.ok) return;
    const text = await stream.response.text();
    expect(text).toContain('"y'.padEnd(101, 'y'));
    const last = text.trim().split('\n\n').at(-1)!;
    expect(last).toMatch(/^event: error\n.*an SSE event is larger than the 2000-byte limit/);
  });
});

describe('an upstream that keeps its body open after its last word', () => {
  const cases = [
    { client: 'anthropic', kind: 'openai', last: 'data: [DONE]\n\n', ends: 'event: message_stop' },
    { client: 'openai', kind: 'openai', last: 'data: [DONE]\n\n', ends: 'data: [DONE]' },
    {
      client: 'anthropic',
      kind: 'anthropic',
      last: 'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      ends: 'event: message_stop',
    },
  ] as const;

  it.each(cases)(
    '($kind) is cut after a grace period, and the $client client gets its whole stream at once',
    async (each) => {
      const frames =
        each.kind === 'openai'
          ? chatChunks({ content: 'all of it' }).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
          : anthropicEvents({ content: 'all of it' })
              .filter((event) => event.type !== 'message_stop')
              .map((event) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`);
      let upstreamClosed!: () => void;
      const closed = new Promise<number>((resolve) => {
        upstreamClosed = () => resolve(performance.now());
      });
      const server = createServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(frames.join('') + each.last);
        // Never ends the response: only the gateway can close this connection.
        res.on('close', upstreamClosed);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const to = target(each.kind);
        to.provider.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
        const recorded = record();
        const result = await call(
          each.client === 'anthropic' ? anthropicRequest(true) : openAIRequest(true),
          to,
          recorded,
        );
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        // Not told before the engine handed the answer back (the caller still records the attempt),
        // and told by the time the client has it all.
        expect(recorded.toldBeforeAnswer).toBe(false);
        expect((await result.response.text()).trim()).toContain(each.ends);
        const textAt = performance.now();
        expect(recorded.endTold).toBe(true);
        // The client's stream ended at the last word, not once the gateway cut the upstream a 1 s grace
        // later (half of it is the margin for a loaded machine, either way).
        expect((await closed) - textAt).toBeGreaterThan(500);
        expect(await recorded.ended).toBeUndefined();
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
    60_000,
  );
});

describe('parts of an upstream answer that cannot be translated', () => {
  const path = '/v1/chat/completions';

  it('are left out with a warning naming the field, and the rest of the stream arrives', async () => {
    upstream.enqueue({
      path,
      sse: [
        {
          id: 'c1',
          choices: [{ index: 0, delta: { role: 'assistant', content: 'kept text' } }],
          usage: 'n/a',
        },
        { id: 'c1', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      ],
    });
    const recorded = record();
    const result = await call(anthropicRequest(true), target('openai'), recorded);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const message = (await sdkFinalMessage(result.response)) as { content: { text?: string }[] };
    expect(message.content.map((block) => block.text)).toEqual(['kept text']);
    await recorded.ended;
    expect(recorded.warnings).toEqual([expect.stringMatching(/^chunk field usage left out/)]);
  });

  it('end the stream in an error the client sees when what was left out held content', async () => {
    upstream.enqueue({
      path,
      // Apart in time, so that the first chunk reaches the client before the unreadable one arrives.
      delayMs: 300,
      sse: [
        { id: 'c2', choices: [{ index: 0, delta: { role: 'assistant', content: 'so far' } }] },
        { id: 'c2', choices: [{ index: 0, delta: { content: 42 } }] },
      ],
    });
    const recorded = record();
    const result = await call(anthropicRequest(true), target('openai'), recorded);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const body = await result.response.text();
    expect(body).toContain('event: error');
    expect(body).toContain('choices.0.delta.content');
    await recorded.ended;
    expect(recorded.warnings).toEqual([expect.stringContaining('choices.0.delta.content')]);
  });

  it('fail the attempt (502, a fallback may answer) when nothing reached the client yet', async () => {
    upstream.enqueue({ path, sse: [{ id: 'c4', choices: [{ index: 0, delta: { content: [1, 2] } }] }] });
    const recorded = record();
    const result = await call(anthropicRequest(true), target('openai'), recorded);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.status).toBe(502);
    expect(result.error.message).toContain('choices.0.delta.content');
    expect(result.fallback).toBe(true);
    expect(recorded.firstBytes).toBe(0);
  });

  it('make a JSON answer a 502 naming the field, never an empty message', async () => {
    upstream.enqueue({
      path,
      json: { id: 'c3', choices: [{ index: 0, message: { role: 'assistant', content: { odd: true } } }] },
    });
    const recorded = record();
    const result = await call(anthropicRequest(false), target('openai'), recorded);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.status).toBe(502);
    expect(result.error.message).toContain('choices.0.message.content');
    expect(recorded.warnings).toEqual([expect.stringContaining('choices.0.message.content')]);
  });
});
