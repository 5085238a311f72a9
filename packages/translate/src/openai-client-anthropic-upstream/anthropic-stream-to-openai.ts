// Anthropic stream events (from an Anthropic-kind provider) → OpenAI Chat Completions chunks. The
// gateway writes each chunk with `encodeOpenAIChunk` and, after `finish()`, `OPENAI_STREAM_DONE`.

import type { AnthropicStreamEvent, AnthropicUsage } from '../anthropic/message.js';
import type { OpenAIChatChunk } from '../openai/response.js';
import { anthropicStopReasonToOpenAI } from './anthropic-stop-reason-to-openai.js';
import { anthropicUsageToOpenAI } from './anthropic-usage-to-openai.js';

export interface AnthropicStreamToOpenAIContext {
  model: string;
  id?: string;
  created?: number;
  /** The client asked for `stream_options.include_usage`: a last chunk with empty `choices` and usage. */
  includeUsage?: boolean;
}

export interface AnthropicStreamToOpenAI {
  push(event: AnthropicStreamEvent): OpenAIChatChunk[];
  /** End of the upstream stream: the usage chunk if asked for (and the finish chunk if never sent). */
  finish(): OpenAIChatChunk[];
}

type Delta = NonNullable<NonNullable<OpenAIChatChunk['choices']>[number]['delta']>;

export function createAnthropicStreamToOpenAI(ctx: AnthropicStreamToOpenAIContext): AnthropicStreamToOpenAI {
  const id = ctx.id ?? `chatcmpl-${Math.random().toString(36).slice(2)}`;
  const created = ctx.created ?? Math.floor(Date.now() / 1000);
  const usage: Partial<AnthropicUsage> = {};
  /** Anthropic block index → OpenAI tool_calls index. */
  const toolIndex = new Map<number, number>();
  let stopReason: string | null = null;
  let finished = false;
  let ended = false;

  const chunk = (delta: Delta, finishReason: string | null = null): OpenAIChatChunk => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: ctx.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });

  const finishChunk = (): OpenAIChatChunk[] => {
    if (finished) return [];
    finished = true;
    return [chunk({}, stopReason ?? 'stop')];
  };

  return {
    push(ev) {
      if (ended) return [];
      switch (ev.type) {
        case 'message_start':
          Object.assign(usage, ev.message.usage);
          return [chunk({ role: 'assistant', content: '' })];
        case 'content_block_start': {
          const block = ev.content_block;
          if (block.type === 'tool_use') {
            const index = toolIndex.size;
            toolIndex.set(ev.index, index);
            return [
              chunk({
                tool_calls: [
                  { index, id: block.id, type: 'function', function: { name: block.name, arguments: '' } },
                ],
              }),
            ];
          }
          if (block.type === 'text' && block.text) return [chunk({ content: block.text })];
          return [];
        }
        case 'content_block_delta': {
          const d = ev.delta;
          if (d.type === 'text_delta') return [chunk({ content: d.text })];
          if (d.type === 'thinking_delta') return [chunk({ reasoning_content: d.thinking })];
          if (d.type === 'input_json_delta') {
            const index = toolIndex.get(ev.index);
            if (index === undefined || !d.partial_json) return [];
            return [chunk({ tool_calls: [{ index, function: { arguments: d.partial_json } }] })];
          }
          return [];
        }
        case 'message_delta':
          Object.assign(usage, ev.usage);
          stopReason = anthropicStopReasonToOpenAI(ev.delta.stop_reason);
          return [];
        case 'message_stop':
          return finishChunk();
        case 'error': {
          // OpenAI streams report a failure as a chunk with `error` and no choices.
          ended = true;
          return [{ error: { message: ev.error.message, type: ev.error.type, code: null } }];
        }
        default:
          return [];
      }
    },
    finish() {
      if (ended) return [];
      ended = true;
      const out = finishChunk();
      if (ctx.includeUsage) {
        out.push({
          id,
          object: 'chat.completion.chunk',
          created,
          model: ctx.model,
          choices: [],
          usage: anthropicUsageToOpenAI(usage),
        });
      }
      return out;
    },
  };
}
