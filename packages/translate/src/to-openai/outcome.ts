// How an OpenAI answer ended, in Anthropic terms: stop reason, usage and reasoning text. Shared by the
// non-streaming and the streaming translation.

import type { AnthropicUsage, StopReason } from '../anthropic/message.js';
import type { ReasoningDetail } from '../openai/request.js';
import type { OpenAIUsage } from '../openai/response.js';

export function stopReasonFor(finishReason: string | null | undefined, madeToolCalls: boolean): StopReason {
  // Cut off: the tool call's arguments are incomplete, so it must not be run.
  if (finishReason === 'length') return 'max_tokens';
  // Some providers say `stop` although they returned tool calls; Claude Code only runs tools on `tool_use`.
  if (madeToolCalls) return 'tool_use';
  switch (finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Anthropic counts cached and cache-written input apart from `input_tokens`; OpenAI includes them. */
export function anthropicUsageFrom(usage: OpenAIUsage, fallbackInput = 0): AnthropicUsage {
  const prompt = usage.prompt_tokens ?? fallbackInput;
  const cacheRead =
    usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? usage.cached_tokens ?? 0;
  const cacheWrite =
    usage.cache_creation_input_tokens ?? usage.prompt_tokens_details?.cache_write_tokens ?? 0;
  return {
    input_tokens: Math.max(0, prompt - cacheRead - cacheWrite),
    output_tokens: usage.completion_tokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}

/**
 * Reasoning text of a message or delta. Providers send one of three spellings; OpenRouter sends both
 * `reasoning` and `reasoning_details` with the same text, so the first present one wins.
 */
export function reasoningText(source: {
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[] | null;
}): { text: string; field: string } | null {
  if (source.reasoning_content) return { text: source.reasoning_content, field: 'reasoning_content' };
  if (source.reasoning) return { text: source.reasoning, field: 'reasoning' };
  const details = source.reasoning_details;
  if (details && details.length > 0) {
    let text = '';
    for (const detail of details) text += detail.text ?? detail.summary ?? '';
    if (text) return { text, field: 'reasoning_details' };
  }
  return null;
}
