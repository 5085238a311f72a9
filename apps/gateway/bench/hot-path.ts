// `npx tsx bench/hot-path.ts`: per-request costs of the hot path's pieces on the ~50 KB Claude Code
// request, each the median of several rounds, in microseconds, next to one JSON.parse of the same body
// (the unit the gateway-overhead benchmark divides by). Quick enough to run before and after a change.
import { anthropicMessagesRequestSchema } from '@aurora/translate';
import type { CodecTarget } from '../src/providers/codec.js';
import { anthropicClientAnthropicUpstream } from '../src/providers/codecs/anthropic-client-anthropic-upstream.js';
import { usageField } from '../src/providers/codecs/usage-field.js';
import { claudeCodeRequest } from './claude-code-session.js';

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
