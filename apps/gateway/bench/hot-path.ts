// `npx tsx bench/hot-path.ts`: per-request costs of the hot path's pieces on the ~50 KB Claude Code
// request, each the median of several rounds, in microseconds, next to one JSON.parse of the same body
// (the unit the gateway-overhead benchmark divides by), then the translated upstream body of a 40-turn
// session from scratch and with its turns reused. Quick enough to run before and after a change.
import { anthropicMessagesRequestSchema } from '@aurora/translate';
import { parseJsonBody } from '../src/http/json-body.js';
import { parseMessagesBody } from '../src/http/messages-body.js';
import type { AnthropicClientRequest, CodecTarget } from '../src/providers/codec.js';
import { anthropicClientAnthropicUpstream } from '../src/providers/codecs/anthropic-client-anthropic-upstream.js';
import { anthropicClientOpenAIUpstream } from '../src/providers/codecs/anthropic-client-openai-upstream.js';
import { TurnCache } from '../src/providers/codecs/turn-cache.js';
import { usageField } from '../src/providers/codecs/usage-field.js';
import { testCodecTarget } from '../src/providers/test-targets.js';
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
  console.log(`${name.padEnd(44)} ${median.toFixed(1).padStart(8)} µs`);
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
  text,
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

// The 40-turn session of the gateway-overhead replay (~50 KB to ~1 MB), to an OpenAI-kind provider.
const session = claudeCodeSession('claude-sonnet-4-5', 40, 24_000).map((sent) => {
  const text = JSON.stringify(sent);
  return { text, body: anthropicMessagesRequestSchema.parse(JSON.parse(text)) };
});
const openai = testCodecTarget('openai');
const last = session.at(-1)!;
const translated = (at: (typeof session)[number], turns?: AnthropicClientRequest['turns']) =>
  ({
    protocol: 'anthropic',
    body: at.body,
    raw: at.body,
    text: at.text,
    turns,
    clientHeaders: {},
    estimatedInputTokens: 0,
    dropped: [],
  }) as AnthropicClientRequest;
const cacheBytes = 64 * 1024 * 1024;
const warm = { store: new TurnCache(cacheBytes).translated, scope: 'key:1' };
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
const replay = (turns?: () => AnthropicClientRequest['turns']) => {
  const each = turns?.();
  for (const at of session) encoded(anthropicClientOpenAIUpstream.upstreamBody(translated(at, each), openai));
};
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
const checkWhole = measure(
  'session: depth check, parse, validate, whole',
  () => {
    for (const at of session) parseJsonBody(at.text, anthropicMessagesRequestSchema);
  },
  3,
);
const checkReused = measure(
  'session: the same, turns reused',
  () => {
    const turns = new TurnCache(cacheBytes);
    for (const at of session) parseMessagesBody(at.text, turns, 'key:1');
  },
  3,
);
console.log(
  `÷ parse: last from scratch ${(scratch / lastParse).toFixed(2)}×, cold ${(cold / lastParse).toFixed(2)}×, all seen ${(reused / lastParse).toFixed(2)}×; session from scratch ${(replayScratch / parses).toFixed(2)}×, reused ${(replayReused / parses).toFixed(2)}×; session checks whole ${(checkWhole / parses).toFixed(2)}×, reused ${(checkReused / parses).toFixed(2)}×`,
);
