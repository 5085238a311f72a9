import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnthropicStreamEvent,
  anthropicMessagesRequestSchema,
  anthropicRequestToOpenAI,
  createOpenAIStreamToAnthropic,
  type OpenAIChatChunk,
  openAIChatRequestSchema,
  resolveQuirks,
} from '../src/index.js';
import { assertEventGrammar } from './event-grammar.js';
import { openAIPresets, request } from './request-arbitraries.js';
import { sdkFinalMessage } from './sdk-accumulate.js';

describe('anthropicRequestToOpenAI properties', () => {
  it('translates any valid request for any preset into a valid Chat Completions body', () => {
    fc.assert(
      fc.property(request, fc.constantFrom(...openAIPresets), fc.boolean(), (raw, preset, reasoning) => {
        const req = anthropicMessagesRequestSchema.parse(raw);
        const body = anthropicRequestToOpenAI(req, {
          model: 'm',
          quirks: resolveQuirks(preset),
          reasoning,
          maxOutputTokens: 8192,
        });
        openAIChatRequestSchema.parse(body);
        const json = JSON.stringify(body);
        // Never leaks Anthropic-only fields or real thinking signatures upstream.
        for (const leak of [
          'context_management',
          'output_config',
          'EqQBreal',
          'redacted_thinking',
          'web_search_20250305',
        ]) {
          expect(json).not.toContain(leak);
        }
        expect((body.max_tokens ?? body.max_completion_tokens) as number).toBeLessThanOrEqual(8192);
        // Every tool message answers a tool call that is in the body.
        const callIds = new Set(
          body.messages.flatMap((m) => (m.role === 'assistant' ? (m.tool_calls ?? []).map((c) => c.id) : [])),
        );
        for (const m of body.messages) if (m.role === 'tool') expect(callIds.has(m.tool_call_id)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

const argPiece = fc.constantFrom(
  '',
  '{',
  '"a"',
  ':',
  '1',
  '}',
  '{"x":"y"}',
  ',',
  '"b":[1,2]',
  ' ',
  '{"q":1}',
  '"{\\"k\\":2}"',
);
const toolFragment = fc.record(
  {
    index: fc.integer({ min: 0, max: 3 }),
    id: fc.constantFrom('call_1', 'call_2', 'call_3', 'call_1'),
    function: fc.record(
      { name: fc.constantFrom('Read', 'Bash', 'Glob'), arguments: argPiece },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['function'] },
);
const delta = fc.record(
  {
    role: fc.constant('assistant'),
    content: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('<think>', '</think>', '<th', 'ink>', '\n\n', ' '),
    ),
    reasoning_content: fc.string({ maxLength: 8 }),
    reasoning: fc.string({ maxLength: 8 }),
    reasoning_details: fc.array(
      fc.record({ type: fc.constant('reasoning.text'), text: fc.string({ maxLength: 8 }) }),
      { maxLength: 2 },
    ),
    tool_calls: fc.array(toolFragment, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const chunk = fc
  .oneof(
    {
      weight: 10,
      arbitrary: fc.record({
        choices: fc.tuple(fc.record({ index: fc.constant(0), delta, finish_reason: fc.constant(null) })),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        choices: fc.tuple(
          fc.record({
            index: fc.constant(0),
            delta: fc.constant({}),
            finish_reason: fc.constantFrom('stop', 'length', 'tool_calls'),
          }),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        choices: fc.constant([]),
        usage: fc.record({ prompt_tokens: fc.nat(1000), completion_tokens: fc.nat(1000) }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        choices: fc.tuple(fc.record({ index: fc.constant(1), delta, finish_reason: fc.constant(null) })),
      }),
    },
  )
  .map((c) => c as unknown as OpenAIChatChunk);
const stream = fc.record({
  chunks: fc.array(chunk, { maxLength: 25 }),
  failure: fc.option(
    fc.constantFrom({ message: 'upstream reset' }, { error: { code: 429, message: 'slow down' } }),
    { nil: undefined },
  ),
  thinkTags: fc.boolean(),
});

function translate(s: { chunks: OpenAIChatChunk[]; failure?: unknown; thinkTags: boolean }) {
  const t = createOpenAIStreamToAnthropic({
    model: 'alias',
    quirks: resolveQuirks(undefined, { think_tags: s.thinkTags }),
    estimatedInputTokens: 10,
  });
  const events: AnthropicStreamEvent[] = [];
  for (const c of s.chunks) events.push(...t.push(c));
  if (s.failure && 'error' in (s.failure as object)) events.push(...t.push(s.failure as OpenAIChatChunk));
  else if (s.failure) events.push(...t.pushError(s.failure));
  events.push(...t.finish(), ...t.finish(), ...t.ping());
  return events;
}

describe('stream translator properties', () => {
  it('turns any chunk sequence into a well-formed event sequence', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(stream, (s) => {
        const events = translate(s);
        assertEventGrammar(events);
        expect(events.filter((e) => e.type === 'message_stop' || e.type === 'error')).toHaveLength(1);
        // Every tool_use block of one message has its own id, also for parallel calls under one index.
        const ids = events.flatMap((e) =>
          e.type === 'content_block_start' && e.content_block.type === 'tool_use' ? [e.content_block.id] : [],
        );
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('is accepted by the official SDK accumulator whenever it ends with message_stop', async () => {
    await fc.assert(
      fc.asyncProperty(stream, async (s) => {
        // Arguments are forwarded live, so the SDK can only parse what the upstream made parseable:
        // here each call id comes once, with its arguments either all complete JSON or all absent.
        const calls = s.chunks.flatMap((c) => c.choices?.flatMap((ch) => ch.delta?.tool_calls ?? []) ?? []);
        const callIds = calls.map((c) => c.id ?? '');
        fc.pre(callIds.every((id, i) => id && callIds.indexOf(id) === i));
        fc.pre(calls.every((c) => !c.function?.arguments || isObjectJson(c.function.arguments)));
        const events = translate({ ...s, failure: undefined });
        fc.pre(events[0]?.type === 'message_start' && events.at(-1)?.type === 'message_stop');
        const message = await sdkFinalMessage(events);
        const blocks = events.filter((e) => e.type === 'content_block_start').length;
        expect(message.content).toHaveLength(blocks);
        for (const b of message.content) if (b.type === 'tool_use') expect(typeof b.input).toBe('object');
      }),
      { numRuns: 150 },
    );
  });
});

function isObjectJson(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return !!v && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}
