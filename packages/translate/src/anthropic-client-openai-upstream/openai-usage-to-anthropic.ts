import type { AnthropicUsage } from '../anthropic/message.js';
import type { OpenAIUsage } from '../openai/response.js';

/** Anthropic counts cached and cache-written input apart from `input_tokens`; OpenAI includes them. */
export function openAIUsageToAnthropic(usage: OpenAIUsage, fallbackInput = 0): AnthropicUsage {
  const prompt = usage.prompt_tokens ?? fallbackInput;
  const cacheRead =
    usage.prompt_tokens_details?.cached_tokens ??
    usage.prompt_cache_hit_tokens ??
    usage.cached_tokens ??
    usage.cache_read_input_tokens ??
    0;
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
 * Usage reported more than once in a stream (on every chunk, in a choice and at top level, or with
 * `completion_tokens: null` until the last chunk): later counts win, a null never erases one.
 */
export function mergeOpenAIUsage(before: OpenAIUsage | null, next: OpenAIUsage): OpenAIUsage {
  if (!before) return next;
  const merged: Record<string, unknown> = { ...before };
  for (const [key, value] of Object.entries(next)) {
    if (value == null) continue;
    const prior = merged[key];
    merged[key] =
      value && typeof value === 'object' && prior && typeof prior === 'object'
        ? { ...prior, ...Object.fromEntries(Object.entries(value).filter(([, v]) => v != null)) }
        : value;
  }
  return merged as OpenAIUsage;
}
