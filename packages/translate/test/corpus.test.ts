import { describe, expect, it } from 'vitest';
import { upstreamToolCallId } from '../src/anthropic-client-openai-upstream/tool-call-ids.js';
import {
  type AnthropicMessage,
  type AnthropicStreamEvent,
  createOpenAIStreamToAnthropic,
  openAIAnswerToAnthropic,
  type Quirks,
  quirkPresets,
  resolveQuirks,
  sequentialIds,
  TranslationError,
} from '../src/index.js';
import {
  type Expected,
  expectedFromChunks,
  expectedFromResponse,
  type Recording,
  recordings,
  responseFromChunks,
} from './corpus-recording.js';
import { assertEventGrammar } from './event-grammar.js';
import { sdkFinalMessage } from './sdk-accumulate.js';

// Every recorded provider answer in test/corpus (provenance in its SOURCES.md), streamed and not:
// what the client ends up with must be what the recording says.

const presetOf: Record<string, string> = { azure: 'openai', huggingface: 'together' };

function quirksFor(recording: Recording, expected: Expected): Quirks {
  const preset = presetOf[recording.provider] ?? recording.provider;
  return resolveQuirks(
    preset in quirkPresets ? preset : null,
    expected.thinkTags ? { think_tags: true } : {},
  );
}

type Content = AnthropicMessage['content'];

function summary(content: Content) {
  let text = '';
  let thinking = '';
  const tools: { name: string; input: unknown }[] = [];
  const ids: string[] = [];
  for (const block of content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'thinking') thinking += block.thinking;
    else if (block.type === 'tool_use') {
      tools.push({ name: block.name, input: block.input });
      ids.push(block.id);
    }
  }
  return { text, thinking, tools, ids };
}

function expectMatches(content: Content, expected: Expected) {
  const got = summary(content);
  expect(got.text).toBe(expected.text);
  expect(got.thinking).toBe(expected.thinking);
  expect(got.tools).toEqual(expected.tools);
  expect(new Set(got.ids).size).toBe(got.ids.length);
  for (const id of got.ids) expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
  // The provider's own ids come back from the tool_use ids, unless it sent none or repeated one.
  const unique = expected.toolIds.filter(
    (id, i, ids) => id && ids.indexOf(id) === i && ids.lastIndexOf(id) === i,
  );
  got.ids.forEach((id, i) => {
    const upstream = expected.toolIds[i]!;
    if (unique.includes(upstream)) expect(upstreamToolCallId(id)).toBe(upstream);
  });
}

function translateStream(chunks: unknown[], quirks: Quirks) {
  const translator = createOpenAIStreamToAnthropic({
    model: 'alias',
    quirks,
    estimatedInputTokens: 10,
    ids: sequentialIds(),
  });
  const events: AnthropicStreamEvent[] = [];
  for (const chunk of chunks) events.push(...translator.push(chunk));
  // Every recording is a whole answer: it ended as with the provider's `[DONE]`.
  events.push(...translator.finish({ saidDone: true }));
  return { events, warnings: translator.warnings };
}

const all = recordings();
const streams = all.filter((r) => r.chunks);

describe('the corpus of recorded provider answers', () => {
  it('holds at least 60 streams from at least 10 providers', () => {
    expect(streams.length).toBeGreaterThanOrEqual(60);
    expect(new Set(streams.map((r) => r.provider)).size).toBeGreaterThanOrEqual(10);
  });
});

describe('recorded streams → Anthropic events, accumulated by the official SDK', () => {
  it.each(streams.map((r) => [r.name, r] as const))('%s', async (_, recording) => {
    const chunks = recording.chunks!;
    const expected = expectedFromChunks(chunks);
    const { events, warnings } = translateStream(chunks, quirksFor(recording, expected));
    assertEventGrammar(events);
    expect(warnings).toEqual([]);
    if (expected.error !== undefined) {
      const last = events[events.length - 1]!;
      expect(last.type).toBe('error');
      if (last.type === 'error') expect(last.error.message).toContain(expected.error);
      await expect(sdkFinalMessage(events)).rejects.toThrow();
      // What was said before the error reached the client too.
      const said = events.flatMap((e) =>
        e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? [e.delta.text] : [],
      );
      expect(said.join('')).toBe(expected.text);
      return;
    }
    const message = await sdkFinalMessage(events);
    expectMatches(message.content as Content, expected);
    expect(message.stop_reason).toBe(expected.stopReason);
    if (expected.outputTokens !== undefined) expect(message.usage.output_tokens).toBe(expected.outputTokens);
  });
});

describe('recorded and assembled non-streamed answers → Anthropic messages', () => {
  const answers = all.map((r) => [r.name, r, r.response ?? responseFromChunks(r.chunks!)] as const);
  it.each(answers)('%s', (_, recording, response) => {
    const expected = expectedFromResponse(response);
    const quirks = quirksFor(recording, recording.chunks ? expectedFromChunks(recording.chunks) : expected);
    const ctx = { model: 'alias', quirks, estimatedInputTokens: 10, ids: sequentialIds() };
    // An error, or an answer that names no finish reason (cut short, as far as a JSON answer tells).
    if (expected.error !== undefined || expected.cutShort) {
      expect(() => openAIAnswerToAnthropic(response, ctx)).toThrow(TranslationError);
      return;
    }
    const { message, warnings } = openAIAnswerToAnthropic(response, ctx);
    expect(warnings).toEqual([]);
    expectMatches(message.content, expected);
    expect(message.stop_reason).toBe(expected.stopReason);
    if (expected.outputTokens !== undefined) expect(message.usage.output_tokens).toBe(expected.outputTokens);
  });
});
