// Anthropic message (from an Anthropic-kind provider) → OpenAI Chat Completions response.

import type { AnthropicMessage } from '../anthropic/message.js';
import type { OpenAIToolCall } from '../openai/request.js';
import type { OpenAIChatResponse } from '../openai/response.js';
import { anthropicStopReasonToOpenAI } from './anthropic-stop-reason-to-openai.js';
import { anthropicUsageToOpenAI } from './anthropic-usage-to-openai.js';

export interface AnthropicResponseToOpenAIContext {
  /** The alias the client asked for. */
  model: string;
  /** Unix seconds; defaults to now. */
  created?: number;
}

export function anthropicResponseToOpenAI(
  msg: AnthropicMessage,
  ctx: AnthropicResponseToOpenAIContext,
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
    choices: [{ index: 0, message, finish_reason: anthropicStopReasonToOpenAI(msg.stop_reason) }],
    usage: anthropicUsageToOpenAI(msg.usage),
  };
}
