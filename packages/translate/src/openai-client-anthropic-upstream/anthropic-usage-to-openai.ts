import type { AnthropicUsage } from '../anthropic/message.js';
import type { OpenAIUsage } from '../openai/response.js';

/** OpenAI's prompt_tokens include cached input; Anthropic reports it apart. */
export function anthropicUsageToOpenAI(usage: Partial<AnthropicUsage>): OpenAIUsage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const prompt = (usage.input_tokens ?? 0) + cacheRead + (usage.cache_creation_input_tokens ?? 0);
  const completion = usage.output_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cacheRead },
  };
}
