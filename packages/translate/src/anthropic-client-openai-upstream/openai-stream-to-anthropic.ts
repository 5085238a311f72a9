// OpenAI Chat Completions stream chunks → the exact Anthropic event sequence (rules in
// docs/translation.md). The pieces: the block state machine (anthropic-block-writer.ts), the tool-call
// assembler (tool-call-assembler.ts), the envelope and usage (anthropic-stream-envelope.ts), and
// failures (stream-failure-to-anthropic.ts); this file feeds chunks through them.
//
// Invariants every output keeps (and the tests check): one `message_start` first; blocks never
// overlap; indices are 0..n-1 in start order; a delta only for the open block and of its type;
// `content_block_start.input` of a tool is `{}` with the arguments in `input_json_delta`s; the stream
// ends with `message_delta` + `message_stop`, or with a single `error`.

import type { AnthropicStreamEvent } from '../anthropic/message.js';
import { type IdSource, randomIds } from '../ids.js';
import { isContentField, parseLeniently } from '../openai/lenient-parse.js';
import { isPlainChatChunk } from '../openai/plain-chunk.js';
import {
  type OpenAIChatChunk,
  type OpenAIToolCallDelta,
  type OpenAIUsage,
  openAIChatChunkSchema,
} from '../openai/response.js';
import type { Quirks } from '../quirks/schema.js';
import { createAnthropicBlockWriter } from './anthropic-block-writer.js';
import {
  messageEndEvents,
  messageStartEvents,
  neverStartedEvents,
  streamUsage,
  truncatedStreamEvent,
} from './anthropic-stream-envelope.js';
import { openAIFinishReasonToAnthropic } from './openai-finish-to-anthropic.js';
import { contentPartSegments, hasReasoningField, openAIReasoningText } from './openai-reasoning.js';
import { mergeOpenAIUsage } from './openai-usage-to-anthropic.js';
import { type StreamFailure, streamFailureToAnthropic } from './stream-failure-to-anthropic.js';
import { createThinkTagSplitter, type ThinkTagSplitter } from './think-tags.js';
import { createToolCallAssembler, type ToolCallState, toolArgumentsComplete } from './tool-call-assembler.js';

export type { StreamFailure } from './stream-failure-to-anthropic.js';

export interface OpenAIStreamToAnthropicContext {
  /** The alias the client asked for. */
  model: string;
  quirks: Quirks;
  /** The gateway's estimate, sent in `message_start` before the upstream's real count is known. */
  estimatedInputTokens: number;
  messageId?: string;
  ids?: IdSource;
}

export interface OpenAIStreamToAnthropic {
  /** True once `message_start` went out (from then on, failures are `error` events, not retries). */
  readonly started: boolean;
  readonly ended: boolean;
  /**
   * One upstream chunk (a `data:` line's JSON) in, the events it completes out. A field whose shape is
   * not understood is left out with a warning; if it held content, the stream ends in an `error`.
   */
  push(chunk: OpenAIChatChunk | unknown): AnthropicStreamEvent[];
  /** What had to be left out so far, each naming the field (the gateway logs them with the provider). */
  readonly warnings: readonly string[];
  /** The upstream failed after the stream started: a single terminal `error` event. */
  pushError(failure: StreamFailure): AnthropicStreamEvent[];
  /** End of the upstream body, with or without `[DONE]`: closes everything. Idempotent. */
  finish(end?: { saidDone?: boolean }): AnthropicStreamEvent[];
  /** A keep-alive while the upstream is silent; nothing before the start or after the end. */
  ping(): AnthropicStreamEvent[];
}

export function createOpenAIStreamToAnthropic(ctx: OpenAIStreamToAnthropicContext): OpenAIStreamToAnthropic {
  const ids = ctx.ids ?? randomIds;
  const messageId = ctx.messageId ?? ids.messageId();
  const splitter: ThinkTagSplitter | null = ctx.quirks.think_tags ? createThinkTagSplitter() : null;
  const blocks = createAnthropicBlockWriter(ids);
  const toolCalls = createToolCallAssembler();

  let started = false;
  let ended = false;
  let finishReason: string | null | undefined;
  let usage: OpenAIUsage | null = null;
  const warnings: string[] = [];
  // A provider that fills a reasoning field may repeat the same chain in `<think>` (MiniMax-M3): the
  // field is authoritative and the tagged copy is only cut out of the text.
  let reasoningFieldSeen = false;

  /** Content text, with `<think>` sections turned into thinking when the provider writes them inline. */
  const onContent = (content: string, out: AnthropicStreamEvent[]) => {
    if (!splitter) return blocks.text(content, out);
    for (const segment of splitter.push(content)) {
      if (segment.kind === 'text') blocks.text(segment.text, out);
      else if (!reasoningFieldSeen) blocks.thinking(segment.text, out, 'think_tags');
    }
  };

  const fail = (message: string, out: AnthropicStreamEvent[]) => {
    ended = true;
    out.push({ type: 'error', error: { type: 'api_error', message } });
  };

  const onToolFragment = (entry: OpenAIToolCallDelta, out: AnthropicStreamEvent[]) => {
    const tool = toolCalls.add(entry);
    if (tool.closed) return;
    const open = blocks.open;
    if (tool.index === -1) {
      if (!tool.name) return;
      if (open?.kind === 'tool' && !toolArgumentsComplete(open.tool)) return; // blocks may not overlap: wait
      blocks.startTool(tool, out);
    } else if (open?.kind === 'tool' && open.tool === tool) {
      blocks.toolArguments(tool, out);
    }
  };

  const unfinished = (tool: ToolCallState) => tool.args.trim() !== '' && !toolArgumentsComplete(tool);
  const hasUnfinishedToolCall = () =>
    (blocks.open?.kind === 'tool' && unfinished(blocks.open.tool)) || toolCalls.unstarted().some(unfinished);

  const closeAll = (out: AnthropicStreamEvent[]) => {
    if (splitter)
      for (const segment of splitter.flush()) {
        if (segment.kind === 'text') blocks.text(segment.text, out);
        else if (!reasoningFieldSeen) blocks.thinking(segment.text, out);
      }
    blocks.close(out);
    // Tools that were buffered behind another one (interleaved indices), in order of appearance.
    for (const tool of toolCalls.unstarted()) {
      blocks.startTool(tool, out);
      blocks.close(out);
    }
    blocks.toolCallExtras(out);
  };

  return {
    get started() {
      return started;
    },
    get ended() {
      return ended;
    },
    get warnings() {
      return warnings;
    },

    push(raw) {
      if (ended) return [];
      const out: AnthropicStreamEvent[] = [];
      if (!started) {
        started = true;
        out.push(...messageStartEvents(messageId, ctx.model, ctx.estimatedInputTokens));
      }
      // Most chunks are plain text or tool-call fragments: checked by hand, they skip the schema's pass.
      let chunk: OpenAIChatChunk | null = isPlainChatChunk(raw) ? raw : null;
      if (!chunk) {
        const parsed = parseLeniently(openAIChatChunkSchema, raw);
        for (const { path, reason } of parsed.dropped)
          warnings.push(`chunk field ${path} left out: ${reason}`);
        const lost = parsed.dropped.find((d) => isContentField(d.path));
        if (!parsed.value || lost) {
          fail(`the upstream sent ${lost ? lost.path : 'a chunk'} in a shape Aurora cannot read`, out);
          return out;
        }
        chunk = parsed.value;
      }
      if (chunk.error) {
        ended = true;
        out.push(streamFailureToAnthropic(chunk.error));
        return out;
      }
      if (chunk.usage) usage = mergeOpenAIUsage(usage, chunk.usage);
      const choices = chunk.choices;
      if (!choices) return out;
      for (const choice of choices) {
        if (choice.index != null && choice.index !== 0) continue;
        if (choice.usage) usage = mergeOpenAIUsage(usage, choice.usage);
        const delta = choice.delta;
        if (delta) {
          if (hasReasoningField(delta)) reasoningFieldSeen = true;
          const reasoning = openAIReasoningText(delta);
          if (reasoning) blocks.thinking(reasoning.text, out, reasoning.field);
          if (delta.reasoning_details?.length) blocks.reasoningDetails(delta.reasoning_details, out);
          const content = delta.content;
          if (typeof content === 'string' && content) onContent(content, out);
          else if (Array.isArray(content)) {
            const parts = contentPartSegments(content);
            for (const segment of parts.segments) {
              if (segment.kind === 'thinking') blocks.thinking(segment.text, out, 'content_thinking');
              else onContent(segment.text, out);
            }
            if (parts.unknown.length > 0) {
              warnings.push(`content parts of type ${parts.unknown.join(', ')} cannot be translated`);
              fail(`the upstream sent content parts of type ${parts.unknown.join(', ')}`, out);
              return out;
            }
          } else if (delta.refusal) blocks.text(delta.refusal, out);
          const calls = delta.tool_calls;
          if (calls) for (const entry of calls) onToolFragment(entry, out);
        }
        if (choice.finish_reason) {
          finishReason = choice.finish_reason;
          closeAll(out);
        }
      }
      return out;
    },

    pushError(failure) {
      if (ended) return [];
      ended = true;
      return [streamFailureToAnthropic(failure)];
    },

    finish(end) {
      if (ended) return [];
      ended = true;
      if (!started) return neverStartedEvents();
      // Ended without a finish reason nor `[DONE]`: cut short. Closing the blocks would pass cut text
      // off as end_turn and a half-streamed tool call as one to run; the client gets an error instead.
      // `[DONE]` is the provider's own last word: Snowflake Cortex ends whole answers so, never naming
      // a finish reason. Not when a tool call's arguments are still unfinished JSON, though: repairing
      // them would hand the client a call the model never completed.
      if (!finishReason && (!end?.saidDone || hasUnfinishedToolCall())) return [truncatedStreamEvent()];
      const out: AnthropicStreamEvent[] = [];
      closeAll(out);
      const stopReason = openAIFinishReasonToAnthropic(finishReason, blocks.madeToolCalls);
      out.push(
        ...messageEndEvents(stopReason, streamUsage(usage, ctx.estimatedInputTokens, blocks.outputChars)),
      );
      return out;
    },

    ping() {
      return started && !ended ? [{ type: 'ping' }] : [];
    },
  };
}
