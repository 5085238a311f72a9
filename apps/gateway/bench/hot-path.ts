// `npx tsx bench/hot-path.ts`: per-request costs of the hot path's pieces on the ~50 KB Claude Code
// request, each the median of several rounds, in microseconds, next to one JSON.parse of the same body
// (the unit the gateway-overhead benchmark divides by), the streamed answer's pieces, then the
// translated upstream body of a 40-turn session from scratch and with its turns reused. Quick
// enough to run before and after a change.

import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import {
  anthropicMessagesRequestSchema,
  createOpenAIStreamToAnthropic,
  isPlainChatChunk,
  messageRanges,
  openAIChatChunkSchema,
  type RestStore,
  resolveQuirks,
  type TurnStore,
} from '@aurora/translate';
import { parseJsonBody } from '../src/http/json-body.js';
import { parseMessagesBody } from '../src/http/messages-body.js';
import { RequestBody } from '../src/http/request-body.js';
import type { AnthropicClientRequest, CodecTarget } from '../src/providers/codec.js';
import { anthropicClientAnthropicUpstream } from '../src/providers/codecs/anthropic-client-anthropic-upstream.js';
import { anthropicClientOpenAIUpstream } from '../src/providers/codecs/anthropic-client-openai-upstream.js';
import { TurnCache } from '../src/providers/codecs/turn-cache.js';
import { usageField } from '../src/providers/codecs/usage-field.js';
import { testCodecTarget } from '../src/providers/test-targets.js';
import { bufferedReader } from '../src/providers/transport/buffered-reader.js';
import { type SSEPump, sseBody, writeSSE } from '../src/providers/transport/sse-response.js';
import { claudeCodeRequest, claudeCodeSession } from './claude-code-session.js';

function measure(name: string, run: () => unknown, iterations = 300, rounds = 7): number {
  for (let i = 0; i < iterations; i++) run();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) run();
    times.push(Number(process.hrtime.bigint() - start) / 1e3 / iterations);
  }
  const median = times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
  console.log(`${name.padEnd(50)} ${median.toFixed(median < 10 ? 2 : 1).padStart(8)} µs`);
  return median;
}

/** `measure` for work that awaits: each run is awaited before the next. */
async function measureAsync(name: string, run: () => Promise<unknown>, iterations = 300, rounds = 7) {
  for (let i = 0; i < iterations; i++) await run();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e3 / iterations);
  }
  const median = times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
  console.log(`${name.padEnd(50)} ${median.toFixed(median < 10 ? 2 : 1).padStart(8)} µs`);
  return median;
}

const text = JSON.stringify(claudeCodeRequest('claude-sonnet-4-5'));
const raw = JSON.parse(text);
const body = anthropicMessagesRequestSchema.parse(raw);
const at = {
  route: { alias: undefined, requested: 'claude-sonnet-4-5' },
  target: { model: 'claude-x', provider: { name: 'p', kind: 'anthropic' } },
} as unknown as CodecTarget;
const request = {
  protocol: 'anthropic' as const,
  body,
  raw,
  sent: { text },
  clientHeaders: {},
  estimatedInputTokens: 0,
  dropped: [],
};

const answer = JSON.stringify({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-x',
  content: [
    { type: 'text', text: 'word '.repeat(800) },
    { type: 'tool_use', id: 't', name: 'Bash', input: { command: 'ls' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 14000, output_tokens: 900, cache_read_input_tokens: 12000 },
});

console.log(`body ${text.length} bytes, answer ${answer.length} bytes`);
const parse = measure('JSON.parse (the unit)', () => JSON.parse(text));
const zod = measure('zod: anthropicMessagesRequestSchema', () => anthropicMessagesRequestSchema.parse(raw));
const passthrough = measure('passthrough upstreamBody', () =>
  anthropicClientAnthropicUpstream.upstreamBody(request, at),
);
const usage = measure('usage of a 4 KB JSON answer', () => usageField(answer, (u) => u), 3000);
console.log(
  `÷ parse: zod ${(zod / parse).toFixed(2)}×, passthrough ${(passthrough / parse).toFixed(2)}×, usage ${(usage / parse).toFixed(3)}×`,
);

// The streamed answer's pieces, per chunk or per answer.
const chunkText = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: { content: 'word ' }, finish_reason: null }],
});
const chunkValue = JSON.parse(chunkText);
console.log(`\nstreamed chunk ${chunkText.length} bytes`);
measure('chunk: JSON.parse', () => JSON.parse(chunkText), 20_000);
measure('chunk: zod openAIChatChunkSchema', () => openAIChatChunkSchema.safeParse(chunkValue), 20_000);
measure('chunk: isPlainChatChunk', () => isPlainChatChunk(chunkValue), 20_000);
const translator = createOpenAIStreamToAnthropic({
  model: 'm',
  quirks: resolveQuirks('openai'),
  estimatedInputTokens: 1,
});
measure('chunk: translator.push (parsed)', () => translator.push(JSON.parse(chunkText)), 20_000);

/** A pump of `frames` text frames. */
const framesPump = (frames: number): SSEPump => {
  let left = frames;
  return {
    first: 'event: message_start\ndata: {}\n\n',
    next: async () => (left-- > 0 ? 'event: content_block_delta\ndata: {}\n\n' : undefined),
    allSaid: () => left <= 0,
    ping: () => '',
    fail: () => '',
    cleanup: () => {},
  };
};
/** Enough of a node response for `writeSSE`: accepts every write at once. */
const sinkResponse = () => {
  const out = Object.assign(new EventEmitter(), {
    writableFinished: false,
    writeHead: () => out,
    write: () => true,
    end: () => {
      out.writableFinished = true;
      out.emit('finish');
    },
  });
  return out;
};
const drainWeb = async (stream: ReadableStream<Uint8Array>) => {
  const reader = stream.getReader();
  while (!(await reader.read()).done);
};
const writeNode = (frames: number) =>
  new Promise<void>((resolve) => {
    const out = sinkResponse();
    out.once('finish', () => resolve());
    writeSSE(framesPump(frames), out as unknown as ServerResponse, 200, {});
  });
console.log('');
await measureAsync('SSE answer of 1 frame: web ReadableStream', () => drainWeb(sseBody(framesPump(1))));
await measureAsync('SSE answer of 1 frame: straight to the response', () => writeNode(1));
await measureAsync(
  'SSE answer of 100 frames: web ReadableStream',
  () => drainWeb(sseBody(framesPump(100))),
  100,
);
await measureAsync('SSE answer of 100 frames: straight to the response', () => writeNode(100), 100);

// The upstream body: 100 chunks, all buffered (a burst) or one per read (trickled).
const sseChunk = Buffer.from(`data: ${chunkText}\n\n`);
async function* generatorOver(stream: PassThrough): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) yield chunk as Uint8Array;
}
const readAllOld = async (trickled: boolean) => {
  const stream = new PassThrough();
  const iterator = generatorOver(stream);
  for (let i = 0; i < 100; i++) {
    stream.write(sseChunk);
    if (trickled) await iterator.next();
  }
  stream.end();
  while (!(await iterator.next()).done);
};
const readAllNew = async (trickled: boolean) => {
  const stream = new PassThrough();
  const read = bufferedReader(stream, (error) => error);
  for (let i = 0; i < 100; i++) {
    stream.write(sseChunk);
    if (trickled) await read();
  }
  stream.end();
  while ((await read()) !== undefined);
};
console.log('');
await measureAsync('body of 100 chunks, burst: async generator', () => readAllOld(false), 100);
await measureAsync('body of 100 chunks, burst: buffered read', () => readAllNew(false), 100);
await measureAsync('body of 100 chunks, trickled: async generator', () => readAllOld(true), 100);
await measureAsync('body of 100 chunks, trickled: buffered read', () => readAllNew(true), 100);

// The 40-turn session of the gateway-overhead replay (~50 KB to ~1 MB), to an OpenAI-kind provider.
const session = claudeCodeSession('claude-sonnet-4-5', 40, 24_000).map((sent) => {
  const text = JSON.stringify(sent);
  const bytes = Buffer.from(text);
  // The turns and the rest keyed as the ingress keys them: by their key text.
  const key = new RequestBody(bytes).keyTextOf(0);
  const found = messageRanges(key)!;
  const { elements } = found;
  const texts: string[] = [];
  for (let i = 0; i < elements.length; i += 2) texts.push(key.slice(elements[i], elements[i + 1]));
  const rest = key.slice(0, found.open + 1) + key.slice(found.close);
  return { text, bytes, texts, rest, body: anthropicMessagesRequestSchema.parse(JSON.parse(text)) };
});
const openai = testCodecTarget('openai');
const last = session.at(-1)!;
/** Turns reused, and the rest too when `rests` is given. */
interface Reuse {
  store: TurnStore;
  scope: string;
  rests?: RestStore;
}
const translated = (at: (typeof session)[number], turns?: Reuse) =>
  ({
    protocol: 'anthropic',
    body: at.body,
    raw: at.body,
    text: at.text,
    turns: turns && {
      store: turns.store,
      scope: turns.scope,
      texts: at.texts,
      rest: turns.rests && { text: at.rest, store: turns.rests },
    },
    clientHeaders: {},
    estimatedInputTokens: 0,
    dropped: [],
  }) as AnthropicClientRequest;
const cacheBytes = 64 * 1024 * 1024;
const warm = { store: new TurnCache(cacheBytes).translated, scope: 'key:1' };
const warmCache = new TurnCache(cacheBytes);
const warmAll = { store: warmCache.translated, scope: 'key:1', rests: warmCache.rests };
console.log(`\nsession: 40 turns, the last ${last.text.length} bytes`);
const lastParse = measure('JSON.parse of the last (the unit)', () => JSON.parse(last.text), 30);
// A text body is sent as its UTF-8, so from scratch includes the encoding; a reused body is bytes.
const encoded = (body: string | Uint8Array) => (typeof body === 'string' ? Buffer.from(body) : body);
const scratch = measure(
  'translated body, from scratch (+ UTF-8)',
  () => encoded(anthropicClientOpenAIUpstream.upstreamBody(translated(last), openai)),
  30,
);
const cold = measure(
  'translated body, turns reused, cold',
  () =>
    anthropicClientOpenAIUpstream.upstreamBody(
      translated(last, { store: new TurnCache(cacheBytes).translated, scope: 'key:1' }),
      openai,
    ),
  30,
);
const reused = measure(
  'translated body, turns reused, all seen',
  () => anthropicClientOpenAIUpstream.upstreamBody(translated(last, warm), openai),
  30,
);
const restReused = measure(
  'translated body, turns and rest reused, all seen',
  () => anthropicClientOpenAIUpstream.upstreamBody(translated(last, warmAll), openai),
  30,
);
const replay = (turns?: () => Reuse) => {
  const each = turns?.();
  for (const at of session) encoded(anthropicClientOpenAIUpstream.upstreamBody(translated(at, each), openai));
};
// A request early in the session (~50 KB), where the rest (system, tools) is most of the body.
const early = session[1]!;
console.log(`early request of the session: ${early.text.length} bytes`);
const earlyTurns = measure(
  'early: translated body, turns reused, all seen',
  () => anthropicClientOpenAIUpstream.upstreamBody(translated(early, warm), openai),
  300,
);
const earlyRest = measure(
  'early: translated body, turns and rest reused, all seen',
  () => anthropicClientOpenAIUpstream.upstreamBody(translated(early, warmAll), openai),
  300,
);
const earlyCache = new TurnCache(cacheBytes);
const earlyParse = measure(
  'early: parseMessagesBody, all seen',
  () => parseMessagesBody(new RequestBody(early.bytes), earlyCache, 'key:1'),
  300,
);
const parses = measure(
  'session: JSON.parse of every request',
  () => {
    for (const at of session) JSON.parse(at.text);
  },
  3,
);
const replayScratch = measure('session: translated bodies, from scratch', () => replay(), 3);
const replayReused = measure(
  'session: translated bodies, turns reused',
  () => replay(() => ({ store: new TurnCache(cacheBytes).translated, scope: 'key:1' })),
  3,
);
const replayRest = measure(
  'session: translated bodies, turns and rest reused',
  () =>
    replay(() => {
      const cache = new TurnCache(cacheBytes);
      return { store: cache.translated, scope: 'key:1', rests: cache.rests };
    }),
  3,
);
const checkWhole = measure(
  'session: decode, depth check, parse, validate, whole',
  () => {
    for (const at of session) parseJsonBody(new RequestBody(at.bytes).text, anthropicMessagesRequestSchema);
  },
  3,
);
const checkReused = measure(
  'session: the same, turns and rest reused',
  () => {
    const turns = new TurnCache(cacheBytes);
    for (const at of session) parseMessagesBody(new RequestBody(at.bytes), turns, 'key:1');
  },
  3,
);
console.log(
  `÷ parse: last from scratch ${(scratch / lastParse).toFixed(2)}×, cold ${(cold / lastParse).toFixed(2)}×, all seen ${(reused / lastParse).toFixed(2)}×, rest too ${(restReused / lastParse).toFixed(2)}×; session from scratch ${(replayScratch / parses).toFixed(2)}×, reused ${(replayReused / parses).toFixed(2)}×, rest too ${(replayRest / parses).toFixed(2)}×; early all seen turns ${earlyTurns.toFixed(1)} µs, rest too ${earlyRest.toFixed(1)} µs, parse ${earlyParse.toFixed(1)} µs; session checks whole ${(checkWhole / parses).toFixed(2)}×, reused ${(checkReused / parses).toFixed(2)}×`,
);
