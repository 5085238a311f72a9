import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainChatChunk } from './plain-chunk.js';
import { openAIChatChunkSchema } from './response.js';

const fixtures = new URL('../../test/fixtures/stream/', import.meta.url);

/** Every line of every recorded stream that is JSON. */
function recordedChunks(): unknown[] {
  return readdirSync(fixtures)
    .filter((name) => name.endsWith('.chunks.txt'))
    .flatMap((name) => readFileSync(new URL(name, fixtures), 'utf8').split('\n'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
}

// Values of every JSON type, so that each field is tried with the type the schema wants and others.
const anyValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.constant([{ type: 'text', text: 'x' }]),
);
const field = <T>(typed: fc.Arbitrary<T>) => fc.option(fc.oneof(typed, anyValue), { nil: undefined });
const toolCall = fc.record(
  {
    index: field(fc.nat(3)),
    id: field(fc.string({ maxLength: 4 })),
    type: field(fc.constant('function')),
    function: field(fc.record({ name: field(fc.string()), arguments: field(fc.string()) })),
    extra_content: anyValue,
  },
  { requiredKeys: [] },
);
const delta = fc.record(
  {
    role: field(fc.constant('assistant')),
    content: field(fc.string()),
    refusal: field(fc.string()),
    reasoning_content: field(fc.string()),
    reasoning: field(fc.string()),
    reasoning_details: field(fc.constant([{ type: 'reasoning.text', text: 'x' }])),
    tool_calls: field(fc.array(fc.oneof(toolCall, anyValue), { maxLength: 2 })),
    extra: anyValue,
  },
  { requiredKeys: [] },
);
const choice = fc.record(
  {
    index: field(fc.nat(2)),
    delta: field(delta),
    finish_reason: field(fc.constantFrom('stop', 'tool_calls')),
    usage: field(fc.constant({ prompt_tokens: 1 })),
  },
  { requiredKeys: [] },
);
const chunk = fc.record(
  {
    id: field(fc.string({ maxLength: 4 })),
    object: field(fc.constant('chat.completion.chunk')),
    created: field(fc.nat()),
    model: field(fc.string({ maxLength: 4 })),
    choices: field(fc.array(fc.oneof(choice, anyValue), { maxLength: 2 })),
    usage: field(fc.constant({ prompt_tokens: 1 })),
    error: field(fc.constant({ message: 'x' })),
  },
  { requiredKeys: [] },
);

/** What the check promises: the schema accepts the chunk and reads it as it is (key order aside). */
function schemaReadsAsIs(value: unknown): boolean {
  const parsed = openAIChatChunkSchema.safeParse(value);
  return parsed.success && isDeepStrictEqual(parsed.data, value);
}

describe('isPlainChatChunk', () => {
  it('passes only chunks the schema accepts unchanged', () => {
    fc.assert(
      fc.property(chunk, (value) => {
        // JSON is what reaches the check: a parsed line, so no undefined values.
        const json = JSON.parse(JSON.stringify(value));
        if (isPlainChatChunk(json)) expect(schemaReadsAsIs(json)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('passes the text and tool-call chunks of recorded streams, and not those with usage or errors', () => {
    const chunks = recordedChunks();
    const plain = chunks.filter(isPlainChatChunk);
    expect(plain.length).toBeGreaterThan(chunks.length / 2);
    for (const each of plain) expect(schemaReadsAsIs(each)).toBe(true);
    for (const each of chunks.filter((value) => !isPlainChatChunk(value)))
      expect(JSON.stringify(each)).toMatch(/"usage":\{|"error":|"content":\[|"reasoning_details":/);
  });
});
