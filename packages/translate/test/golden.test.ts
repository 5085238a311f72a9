import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AnthropicStreamEvent,
  anthropicMessageSchema,
  anthropicMessagesRequestSchema,
  anthropicRequestToOpenAI,
  anthropicResponseToOpenAI,
  createAnthropicStreamToOpenAI,
  createOpenAIStreamToAnthropic,
  createSSEParser,
  encodeSSE,
  openAIChatChunkSchema,
  openAIChatRequestSchema,
  openAIChatResponseSchema,
  openAIRequestToAnthropic,
  openAIResponseToAnthropic,
  type QuirksInput,
  resolveQuirks,
  sequentialIds,
  TranslationError,
} from '../src/index.js';
import { assertEventGrammar } from './event-grammar.js';
import { sdkFinalMessage } from './sdk-accumulate.js';

// Golden fixtures: `<case>.in.json` (or `<provider>-<case>.chunks.txt`) → `<case>.out.json`.
// UPDATE_FIXTURES=1 writes missing outputs; every written output is then reviewed by hand.

const root = join(import.meta.dirname, 'fixtures');
const update = process.env.UPDATE_FIXTURES === '1';

function cases(dir: string, suffix: string): string[] {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length))
    .sort();
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function expectGolden(path: string, actual: unknown) {
  const normalised = JSON.parse(JSON.stringify(actual));
  if (!existsSync(path)) {
    if (!update) throw new Error(`missing golden file ${path}`);
    writeFileSync(path, `${JSON.stringify(normalised, null, 2)}\n`);
    return;
  }
  expect(normalised).toEqual(readJson(path));
}

function errorOf(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TranslationError) return { error: { type: err.type, message: err.message } };
    throw err;
  }
}

interface TargetInput {
  preset?: string;
  quirks?: QuirksInput;
  model?: string;
  maxOutputTokens?: number;
  contextWindow?: number;
  reasoning?: boolean;
  params?: Record<string, unknown>;
  estimatedInputTokens?: number;
}

describe('Anthropic request → OpenAI request', () => {
  for (const name of cases('request', '.in.json')) {
    it(name, () => {
      const input = readJson(join(root, 'request', `${name}.in.json`)) as {
        target: TargetInput;
        request: unknown;
      };
      const { preset, quirks, model, ...rest } = input.target;
      const req = anthropicMessagesRequestSchema.parse(input.request);
      const dropped: string[] = [];
      const out = errorOf(() => {
        const body = anthropicRequestToOpenAI(
          req,
          { ...rest, model: model ?? 'upstream-model', quirks: resolveQuirks(preset, quirks) },
          dropped,
        );
        // What goes upstream must itself be a valid Chat Completions request.
        openAIChatRequestSchema.parse(body);
        return { body, dropped };
      });
      expectGolden(join(root, 'request', `${name}.out.json`), out);
    });
  }
});

describe('OpenAI response → Anthropic message', () => {
  for (const name of cases('response', '.in.json')) {
    it(name, () => {
      const input = readJson(join(root, 'response', `${name}.in.json`)) as {
        preset?: string;
        quirks?: QuirksInput;
        response: unknown;
      };
      const res = openAIChatResponseSchema.parse(input.response);
      const out = errorOf(() => {
        const message = openAIResponseToAnthropic(res, {
          model: 'my-alias',
          quirks: resolveQuirks(input.preset, input.quirks),
          estimatedInputTokens: 100,
          ids: sequentialIds(),
        });
        anthropicMessageSchema.parse(message);
        return message;
      });
      expectGolden(join(root, 'response', `${name}.out.json`), out);
    });
  }
});

/** One line per event, so that an expected stream can be read and reasoned about. */
function describeEvent(ev: AnthropicStreamEvent): string {
  switch (ev.type) {
    case 'content_block_start': {
      const b = ev.content_block;
      return b.type === 'tool_use'
        ? `start ${ev.index} tool_use ${b.id} ${b.name}`
        : `start ${ev.index} ${b.type}`;
    }
    case 'content_block_delta': {
      const d = ev.delta;
      if (d.type === 'text_delta') return `delta ${ev.index} text: ${d.text}`;
      if (d.type === 'thinking_delta') return `delta ${ev.index} thinking: ${d.thinking}`;
      if (d.type === 'signature_delta') return `delta ${ev.index} signature: ${d.signature}`;
      return `delta ${ev.index} json: ${d.partial_json}`;
    }
    case 'content_block_stop':
      return `stop ${ev.index}`;
    case 'message_delta': {
      const u = ev.usage;
      return `message_delta ${ev.delta.stop_reason} in=${u.input_tokens} out=${u.output_tokens} cache_read=${u.cache_read_input_tokens} cache_write=${u.cache_creation_input_tokens}`;
    }
    case 'error':
      return `error ${ev.error.type}: ${ev.error.message}`;
    default:
      return ev.type;
  }
}

/** Splits `text` into pieces of pseudo-random sizes (fixed seed) to exercise SSE chunk boundaries. */
function pieces(text: string, seed: number): string[] {
  const out: string[] = [];
  let s = seed;
  for (let i = 0; i < text.length; ) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const n = 1 + (s % 37);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

describe('OpenAI stream → Anthropic events (checked by the official SDK)', () => {
  for (const name of cases('stream', '.chunks.txt')) {
    it(name, async () => {
      const provider = name.slice(0, name.indexOf('-'));
      const lines = readFileSync(join(root, 'stream', `${name}.chunks.txt`), 'utf8')
        .split('\n')
        .filter(Boolean);
      // The transcript goes through our SSE parser first, cut at arbitrary places, with CRLF and keep-alives.
      const body = lines
        .map((l) => `: keep-alive\r\n${encodeSSE({ data: l }).replaceAll('\n', '\r\n')}`)
        .join('');
      const parser = createSSEParser();
      const translator = createOpenAIStreamToAnthropic({
        model: 'my-alias',
        quirks: resolveQuirks(provider === 'generic' ? undefined : provider),
        estimatedInputTokens: 100,
        ids: sequentialIds(),
      });
      const events: AnthropicStreamEvent[] = [];
      const encoder = new TextEncoder();
      for (const piece of pieces(body, name.length)) {
        for (const sse of parser.feed(encoder.encode(piece))) {
          if (sse.data === '[DONE]') events.push(...translator.finish());
          else events.push(...translator.push(openAIChatChunkSchema.parse(JSON.parse(sse.data))));
        }
      }
      for (const sse of parser.flush()) events.push(...translator.push(JSON.parse(sse.data)));
      events.push(...translator.finish());

      assertEventGrammar(events);
      let message: unknown;
      try {
        message = await sdkFinalMessage(events);
      } catch (err) {
        message = { sdk_error: (err as Error).message };
      }
      expectGolden(join(root, 'stream', `${name}.out.json`), { events: events.map(describeEvent), message });
    });
  }
});

describe('OpenAI ingress → Anthropic provider (reverse direction)', () => {
  for (const name of cases('reverse', '.in.json')) {
    it(name, () => {
      const input = readJson(join(root, 'reverse', `${name}.in.json`)) as {
        request?: unknown;
        response?: unknown;
        events?: AnthropicStreamEvent[];
        target?: { maxOutputTokens?: number; reasoning?: boolean };
      };
      const out: Record<string, unknown> = {};
      if (input.request) {
        out.request = errorOf(() =>
          openAIRequestToAnthropic(openAIChatRequestSchema.parse(input.request), {
            model: 'claude-upstream',
            ...input.target,
          }),
        );
      }
      if (input.response) {
        out.response = anthropicResponseToOpenAI(anthropicMessageSchema.parse(input.response), {
          model: 'my-alias',
          created: 1700000000,
        });
      }
      if (input.events) {
        const translator = createAnthropicStreamToOpenAI({
          model: 'my-alias',
          id: 'chatcmpl-1',
          created: 1700000000,
          includeUsage: true,
        });
        out.chunks = [...input.events.flatMap((ev) => translator.push(ev)), ...translator.finish()];
      }
      expectGolden(join(root, 'reverse', `${name}.out.json`), out);
    });
  }
});
