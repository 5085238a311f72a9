// OpenAI Chat Completions stream chunks → the exact Anthropic event sequence (SPEC §3, F1–F4, F10).
//
// Invariants every output keeps (and the tests check): one `message_start` first; blocks never
// overlap; indices are 0..n-1 in start order; a delta only for the open block and of its type;
// `content_block_start.input` of a tool is `{}` with the arguments in `input_json_delta`s; the stream
// ends with `message_delta` + `message_stop`, or with a single `error`.

import {
  type AnthropicErrorType,
  type AnthropicStreamEvent,
  type AnthropicUsage,
  anthropicErrorTypeSchema,
  type StopReason,
} from '../anthropic/message.js';
import { TranslationError, upstreamErrorToAnthropic } from '../errors.js';
import { auroraSignature, type IdSource, randomIds } from '../ids.js';
import type { OpenAIChatChunk, OpenAIToolCallDelta, OpenAIUsage } from '../openai/response.js';
import type { Quirks } from '../quirks/schema.js';
import { argumentsCompletion, parseToolArguments } from '../tool-arguments.js';
import { anthropicUsageFrom, reasoningText, stopReasonFor } from './outcome.js';
import { createThinkTagSplitter, type ThinkTagSplitter } from './think-tags.js';

export interface AnthropicStreamContext {
  /** The alias the client asked for. */
  model: string;
  quirks: Quirks;
  /** The gateway's estimate, sent in `message_start` before the upstream's real count is known. */
  estimatedInputTokens: number;
  messageId?: string;
  ids?: IdSource;
}

/** An upstream failure to report in-stream: an Anthropic error, an HTTP-ish error, or anything thrown. */
export type StreamFailure =
  | { type: AnthropicErrorType; message: string }
  | { status?: number | null; code?: string | number | null; message?: string | null }
  | unknown;

export interface AnthropicStreamTranslator {
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

interface ToolState {
  upstreamId?: string;
  name: string;
  args: string;
  /** Characters of `args` already sent as `input_json_delta`. */
  sent: number;
  /** Anthropic block index once started, else -1. */
  index: number;
  closed: boolean;
  completeAt: number;
  /** Arguments starting with `{` are forwarded as they come; anything else is held and fixed at the end. */
  live?: boolean;
}

type OpenBlock =
  | { kind: 'thinking'; index: number }
  | { kind: 'text'; index: number }
  | { kind: 'tool'; index: number; tool: ToolState };

function heldArguments(tool: ToolState): string {
  try {
    return JSON.stringify(parseToolArguments(tool.args, tool.name));
  } catch {
    return '{}';
  }
}

function isComplete(tool: ToolState): boolean {
  if (tool.completeAt === tool.args.length) return true;
  if (!tool.args.trim()) return false;
  try {
    JSON.parse(tool.args);
    tool.completeAt = tool.args.length;
    return true;
  } catch {
    return false;
  }
}

export function createAnthropicStreamTranslator(ctx: AnthropicStreamContext): AnthropicStreamTranslator {
  const ids = ctx.ids ?? randomIds;
  const messageId = ctx.messageId ?? ids.messageId();
  const splitter: ThinkTagSplitter | null = ctx.quirks.think_tags ? createThinkTagSplitter() : null;

  let started = false;
  let ended = false;
  let open: OpenBlock | null = null;
  let nextIndex = 0;
  let thinkingSource = 'reasoning_content';
  let finishReason: string | null | undefined;
  let usage: OpenAIUsage | null = null;
  let outputChars = 0;
  let madeToolCalls = false;
  const tools: ToolState[] = [];
  const byIndex = new Map<number, ToolState>();
  const byId = new Map<string, ToolState>();
  let lastTool: ToolState | undefined;

  const start = (out: AnthropicStreamEvent[]) => {
    started = true;
    out.push(
      {
        type: 'message_start',
        message: {
          id: messageId,
          type: 'message',
          role: 'assistant',
          model: ctx.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: {
            input_tokens: ctx.estimatedInputTokens,
            output_tokens: 0,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
          },
        },
      },
      { type: 'ping' },
    );
  };

  const closeOpen = (out: AnthropicStreamEvent[]) => {
    if (!open) return;
    const { index } = open;
    if (open.kind === 'thinking') {
      out.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: auroraSignature(thinkingSource) },
      });
    } else if (open.kind === 'tool') {
      const tool = open.tool;
      // Live arguments that end truncated get what completes them appended; held ones (a double-encoded
      // string, a bare value) are sent once as the object they stand for, or `{}`.
      const fix = tool.live ? argumentsCompletion(tool.args) : tool.args.trim() ? heldArguments(tool) : '';
      if (fix)
        out.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: fix },
        });
      tool.closed = true;
    }
    out.push({ type: 'content_block_stop', index });
    open = null;
  };

  const emitThinking = (text: string, out: AnthropicStreamEvent[]) => {
    if (open?.kind !== 'thinking') {
      closeOpen(out);
      open = { kind: 'thinking', index: nextIndex++ };
      out.push({
        type: 'content_block_start',
        index: open.index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      });
    }
    outputChars += text.length;
    out.push({
      type: 'content_block_delta',
      index: open.index,
      delta: { type: 'thinking_delta', thinking: text },
    });
  };

  const emitText = (text: string, out: AnthropicStreamEvent[]) => {
    if (open?.kind !== 'text') {
      // No empty or blank text blocks (F12): leading blank lines before tools or after reasoning are noise.
      text = text.trimStart();
      if (!text) return;
      closeOpen(out);
      open = { kind: 'text', index: nextIndex++ };
      out.push({ type: 'content_block_start', index: open.index, content_block: { type: 'text', text: '' } });
    }
    outputChars += text.length;
    out.push({ type: 'content_block_delta', index: open.index, delta: { type: 'text_delta', text } });
  };

  const emitContent = (content: string, out: AnthropicStreamEvent[]) => {
    if (!splitter) return emitText(content, out);
    for (const segment of splitter.push(content)) {
      if (segment.kind === 'thinking') {
        if (open?.kind !== 'thinking') thinkingSource = 'think_tags';
        emitThinking(segment.text, out);
      } else emitText(segment.text, out);
    }
  };

  const sendArgs = (tool: ToolState, out: AnthropicStreamEvent[]) => {
    if (tool.sent === tool.args.length) return;
    if (tool.live === undefined) {
      const first = tool.args.trimStart();
      if (!first) return;
      tool.live = first.startsWith('{');
    }
    if (!tool.live) return;
    const partial = tool.args.slice(tool.sent);
    tool.sent = tool.args.length;
    outputChars += partial.length;
    out.push({
      type: 'content_block_delta',
      index: tool.index,
      delta: { type: 'input_json_delta', partial_json: partial },
    });
  };

  const startTool = (tool: ToolState, out: AnthropicStreamEvent[]) => {
    closeOpen(out);
    tool.index = nextIndex++;
    madeToolCalls = true;
    open = { kind: 'tool', index: tool.index, tool };
    out.push({
      type: 'content_block_start',
      index: tool.index,
      content_block: { type: 'tool_use', id: ids.toolUseId(), name: tool.name, input: {} },
    });
    sendArgs(tool, out);
  };

  /** Tools that were buffered behind another one (interleaved indices), in order of appearance. */
  const flushPendingTools = (out: AnthropicStreamEvent[]) => {
    for (const tool of tools) {
      if (tool.index !== -1 || !tool.name) continue;
      startTool(tool, out);
      closeOpen(out);
    }
  };

  /** Which call a fragment belongs to: by index, else by id, else the last one (GLM sends neither). */
  const resolveTool = (entry: OpenAIToolCallDelta): ToolState => {
    const id = entry.id || undefined;
    const index = typeof entry.index === 'number' ? entry.index : undefined;
    const name = entry.function?.name;
    // A name arriving for a call whose arguments are already complete starts the next call (F3).
    const startsNew = (t: ToolState) =>
      !!name && !!t.name && isComplete(t) && (name !== t.name || !!entry.function?.arguments);
    let tool: ToolState | undefined;
    if (index !== undefined) {
      const t = byIndex.get(index);
      if (t && (!id || !t.upstreamId || t.upstreamId === id) && !startsNew(t)) tool = t;
    } else if (id) {
      const t = byId.get(id);
      if (t && !startsNew(t)) tool = t;
    } else if (lastTool && !startsNew(lastTool)) {
      tool = lastTool;
    }
    if (!tool) {
      tool = { name: '', args: '', sent: 0, index: -1, closed: false, completeAt: -1 };
      tools.push(tool);
      lastTool = tool;
    }
    if (index !== undefined) byIndex.set(index, tool);
    if (id && !tool.upstreamId) {
      tool.upstreamId = id;
      byId.set(id, tool);
    }
    return tool;
  };

  const onToolFragment = (entry: OpenAIToolCallDelta, out: AnthropicStreamEvent[]) => {
    const tool = resolveTool(entry);
    const name = entry.function?.name;
    if (name && !tool.name) tool.name = name;
    const args = entry.function?.arguments;
    // A fragment for a call already closed (upstream out of order after finish) cannot be delivered.
    if (tool.closed) return;
    if (args) tool.args += args;
    if (tool.index === -1) {
      if (!tool.name) return;
      if (open?.kind === 'tool' && !isComplete(open.tool)) return; // blocks may not overlap: wait
      startTool(tool, out);
    } else if (open?.kind === 'tool' && open.tool === tool) {
      sendArgs(tool, out);
    }
  };

  const closeAll = (out: AnthropicStreamEvent[]) => {
    if (splitter)
      for (const segment of splitter.flush()) {
        if (segment.kind === 'thinking') emitThinking(segment.text, out);
        else emitText(segment.text, out);
      }
    closeOpen(out);
    flushPendingTools(out);
  };

  const errorEvent = (failure: StreamFailure): AnthropicStreamEvent => {
    let type: AnthropicErrorType;
    let message: string;
    if (failure instanceof TranslationError) ({ type, message } = failure);
    else if (failure instanceof Error)
      ({ type, message } = upstreamErrorToAnthropic({ message: failure.message }));
    else if (failure && typeof failure === 'object') {
      const f = failure as { type?: unknown; message?: unknown; status?: unknown; code?: unknown };
      ({ type, message } = upstreamErrorToAnthropic({
        status: typeof f.status === 'number' ? f.status : null,
        code: typeof f.code === 'string' || typeof f.code === 'number' ? f.code : null,
        message: typeof f.message === 'string' ? f.message : null,
      }));
      // An Anthropic error type given by the caller stands unless the message says more (context overflow).
      const given = anthropicErrorTypeSchema.safeParse(f.type);
      if (type === 'api_error' && given.success) type = given.data;
    } else ({ type, message } = upstreamErrorToAnthropic({ message: String(failure) }));
    return { type: 'error', error: { type, message } };
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
      if (!started) start(out);
      if (chunk.error) {
        ended = true;
        out.push(errorEvent(chunk.error));
        return out;
      }
      if (chunk.usage) usage = chunk.usage;
      const choices = chunk.choices;
      if (!choices) return out;
      for (const choice of choices) {
        if (choice.index != null && choice.index !== 0) continue;
        const delta = choice.delta;
        if (delta) {
          const reasoning = reasoningText(delta);
          if (reasoning) {
            if (open?.kind !== 'thinking') thinkingSource = reasoning.field;
            emitThinking(reasoning.text, out);
          }
          if (delta.content) emitContent(delta.content, out);
          else if (delta.refusal) emitText(delta.refusal, out);
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
      return [errorEvent(failure)];
    },

    finish() {
      if (ended) return [];
      ended = true;
      if (!started) {
        return [
          {
            type: 'error',
            error: {
              type: 'api_error',
              message: 'the upstream provider ended the stream without sending anything',
            },
          },
        ];
      }
      const out: AnthropicStreamEvent[] = [];
      closeAll(out);
      const stopReason: StopReason = stopReasonFor(finishReason, madeToolCalls);
      const finalUsage: AnthropicUsage = usage
        ? anthropicUsageFrom(usage, ctx.estimatedInputTokens)
        : {
            input_tokens: ctx.estimatedInputTokens,
            // No usage from upstream: about four characters a token.
            output_tokens: Math.ceil(outputChars / 4),
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
          };
      out.push(
        { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: finalUsage },
        { type: 'message_stop' },
      );
      return out;
    },

    ping() {
      return started && !ended ? [{ type: 'ping' }] : [];
    },
  };
}
