// Anthropic message (from an Anthropic-kind provider) → OpenAI Chat Completions response.

import type { AnthropicMessage, AnthropicUsage, StopReason } from '../anthropic/message.js';
import type { OpenAIToolCall } from '../openai/request.js';
import type { OpenAIChatResponse, OpenAIUsage } from '../openai/response.js';

export interface OpenAIResponseContext {
  /** The alias the client asked for. */
  model: string;
  /** Unix seconds; defaults to now. */
  created?: number;
}

export function finishReasonFor(stopReason: StopReason | null | undefined): string {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** OpenAI's prompt_tokens include cached input; Anthropic reports it apart. */
export function openAIUsageFrom(usage: Partial<AnthropicUsage>): OpenAIUsage {
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

export function anthropicToOpenAIResponse(
  msg: AnthropicMessage,
  ctx: OpenAIResponseContext,
): OpenAIChatResponse {
  let text = '';
  let reasoning = '';
  const toolCalls: OpenAIToolCall[] = [];
  for (const block of msg.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'thinking') reasoning += block.thinking;
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input) },
      });
    }
  }
  const message: OpenAIChatResponse['choices'][number]['message'] = {
    role: 'assistant',
    content: text || null,
  };
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: `chatcmpl-${msg.id}`,
    object: 'chat.completion',
    created: ctx.created ?? Math.floor(Date.now() / 1000),
    model: ctx.model,
    choices: [{ index: 0, message, finish_reason: finishReasonFor(msg.stop_reason) }],
    usage: openAIUsageFrom(msg.usage),
  };
}
