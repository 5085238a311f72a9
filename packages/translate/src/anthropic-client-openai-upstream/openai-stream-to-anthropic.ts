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
import type { OpenAIChatChunk, OpenAIToolCallDelta, OpenAIUsage } from '../openai/response.js';
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
import { openAIReasoningText } from './openai-reasoning.js';
import { type StreamFailure, streamFailureToAnthropic } from './stream-failure-to-anthropic.js';
import { createThinkTagSplitter, type ThinkTagSplitter } from './think-tags.js';
import { createToolCallAssembler, toolArgumentsComplete } from './tool-call-assembler.js';

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
  /** One parsed upstream chunk (`data:` line) in, the events it completes out. */
  push(chunk: OpenAIChatChunk): AnthropicStreamEvent[];
  /** The upstream failed after the stream started: a single terminal `error` event. */
  pushError(failure: StreamFailure): AnthropicStreamEvent[];
  /** End of the upstream body, with or without `[DONE]`: closes everything. Idempotent. */
  finish(): AnthropicStreamEvent[];
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

  /** Content text, with `<think>` sections turned into thinking when the provider writes them inline. */
  const onContent = (content: string, out: AnthropicStreamEvent[]) => {
    if (!splitter) return blocks.text(content, out);
    for (const segment of splitter.push(content)) {
      if (segment.kind === 'thinking') blocks.thinking(segment.text, out, 'think_tags');
      else blocks.text(segment.text, out);
    }
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

  const closeAll = (out: AnthropicStreamEvent[]) => {
    if (splitter)
      for (const segment of splitter.flush()) {
        if (segment.kind === 'thinking') blocks.thinking(segment.text, out);
        else blocks.text(segment.text, out);
      }
    blocks.close(out);
    // Tools that were buffered behind another one (interleaved indices), in order of appearance.
    for (const tool of toolCalls.unstarted()) {
      blocks.startTool(tool, out);
      blocks.close(out);
    }
  };

  return {
    get started() {
      return started;
    },
    get ended() {
      return ended;
    },

    push(chunk) {
      if (ended) return [];
      const out: AnthropicStreamEvent[] = [];
      if (!started) {
        started = true;
        out.push(...messageStartEvents(messageId, ctx.model, ctx.estimatedInputTokens));
      }
      if (chunk.error) {
        ended = true;
        out.push(streamFailureToAnthropic(chunk.error));
        return out;
      }
      if (chunk.usage) usage = chunk.usage;
      const choices = chunk.choices;
      if (!choices) return out;
      for (const choice of choices) {
        if (choice.index != null && choice.index !== 0) continue;
        const delta = choice.delta;
        if (delta) {
          const reasoning = openAIReasoningText(delta);
          if (reasoning) blocks.thinking(reasoning.text, out, reasoning.field);
          if (delta.content) onContent(delta.content, out);
          else if (delta.refusal) blocks.text(delta.refusal, out);
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

    finish() {
      if (ended) return [];
      ended = true;
      if (!started) return neverStartedEvents();
      // Ended without a finish reason: cut short. Closing the blocks would pass cut text off as
      // end_turn and a half-streamed tool call as one to run; the client gets an error instead.
      if (!finishReason) return [truncatedStreamEvent()];
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
