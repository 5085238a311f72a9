import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import {
  anthropicMessagesRequestSchema,
  anthropicRequestToOpenAI,
  createOpenAIStreamToAnthropic,
  encodeAnthropicEvent,
  type OpenAIChatChunk,
  resolveQuirks,
} from '../src/index.js';

// `pnpm --filter @aurora/translate bench`: request translation of a ~50 KB Claude Code request, and
// stream translation throughput (upstream `data:` JSON text in, Anthropic SSE text out).

const raw: unknown = JSON.parse(readFileSync(join(import.meta.dirname, 'claude-code-50kb.json'), 'utf8'));
const request = anthropicMessagesRequestSchema.parse(raw);
const target = {
  model: 'gpt-5.1',
  quirks: resolveQuirks('openai'),
  maxOutputTokens: 16384,
  contextWindow: 400000,
  reasoning: true,
  estimatedInputTokens: 14000,
};
const gemini = { ...target, quirks: resolveQuirks('gemini') };

describe('request translation (50 KB Claude Code request)', () => {
  bench('anthropicRequestToOpenAI (openai preset)', () => {
    anthropicRequestToOpenAI(request, target);
  });
  bench('anthropicRequestToOpenAI (gemini preset, schema stripping)', () => {
    anthropicRequestToOpenAI(request, gemini);
  });
  bench('zod parse + anthropicRequestToOpenAI', () => {
    anthropicRequestToOpenAI(anthropicMessagesRequestSchema.parse(raw), target);
  });
});

// A realistic stream: 2,000 text deltas of ~60 characters, then a tool call in 200 fragments.
const lines: string[] = [];
const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-5.1' };
for (let i = 0; i < 2000; i++) {
  lines.push(
    JSON.stringify({
      ...base,
      choices: [
        {
          index: 0,
          delta: { content: `token ${i} of a fairly ordinary answer, with "quotes" and text ` },
          finish_reason: null,
        },
      ],
    }),
  );
}
lines.push(
  JSON.stringify({
    ...base,
    choices: [
      {
        index: 0,
        delta: {
          tool_calls: [
            {
              index: 0,
              id: 'call_1',
              type: 'function',
              function: { name: 'Write', arguments: '{"content":"' },
            },
          ],
        },
        finish_reason: null,
      },
    ],
  }),
);
for (let i = 0; i < 200; i++) {
  lines.push(
    JSON.stringify({
      ...base,
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, function: { arguments: `line ${i} of the file\\n` } }] },
          finish_reason: null,
        },
      ],
    }),
  );
}
lines.push(
  JSON.stringify({
    ...base,
    choices: [
      {
        index: 0,
        delta: { tool_calls: [{ index: 0, function: { arguments: '"}' } }] },
        finish_reason: 'tool_calls',
      },
    ],
  }),
);
lines.push(
  JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 14000, completion_tokens: 30000 } }),
);
const inputBytes = lines.reduce((n, l) => n + l.length, 0);
const parsed = lines.map((l) => JSON.parse(l) as OpenAIChatChunk);
const quirks = resolveQuirks('openai');

function translate(chunks: OpenAIChatChunk[]): number {
  const t = createOpenAIStreamToAnthropic({ model: 'alias', quirks, estimatedInputTokens: 14000 });
  let out = 0;
  for (const chunk of chunks) for (const ev of t.push(chunk)) out += encodeAnthropicEvent(ev).length;
  for (const ev of t.finish()) out += encodeAnthropicEvent(ev).length;
  return out;
}

console.log(`stream fixture: ${lines.length} chunks, ${(inputBytes / 1e6).toFixed(2)} MB of upstream JSON`);

describe(`stream translation (${lines.length} chunks, ${(inputBytes / 1e6).toFixed(2)} MB)`, () => {
  bench('push + encode (chunks already parsed)', () => {
    translate(parsed);
  });
  bench('JSON.parse + push + encode', () => {
    translate(lines.map((l) => JSON.parse(l) as OpenAIChatChunk));
  });
});
