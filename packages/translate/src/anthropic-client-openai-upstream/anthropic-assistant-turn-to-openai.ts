// An Anthropic assistant turn → one OpenAI assistant message: text, tool calls, and Aurora's own
// reasoning passed back in the form the provider reads.

import type { AnthropicRequestMessage } from '../anthropic/request.js';
import { isAuroraSignature } from '../ids.js';
import type { OpenAIMessage, OpenAIToolCall, ReasoningDetail } from '../openai/request.js';
import type { Quirks } from '../quirks/schema.js';
import { blockType } from './anthropic-content-to-openai.js';
import type { DropField } from './dropped-fields.js';
import type { ToolIdMapper } from './tool-call-ids.js';

type AssistantMessage = Extract<OpenAIMessage, { role: 'assistant' }>;

export function pushAnthropicAssistantTurn(
  messages: OpenAIMessage[],
  message: AnthropicRequestMessage,
  passback: Quirks['reasoning_passback'],
  ids: ToolIdMapper,
  path: string,
  drop: DropField,
) {
  if (typeof message.content === 'string') {
    if (message.content) messages.push({ role: 'assistant', content: message.content });
    return;
  }
  let text = '';
  const thinking: string[] = [];
  const details: ReasoningDetail[] = [];
  const toolCalls: OpenAIToolCall[] = [];
  message.content.forEach((block, i) => {
    switch (block.type) {
      case 'text':
        text += block.text;
        break;
      case 'tool_use':
        ids.called.add(ids.upstream(block.id));
        toolCalls.push({
          id: ids.upstream(block.id),
          type: 'function',
          function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
      case 'thinking':
        // Thinking a real Anthropic model produced is meaningless elsewhere; only Aurora's own goes back.
        if (passback !== 'none' && isAuroraSignature(block.signature) && block.thinking) {
          thinking.push(block.thinking);
          details.push({ type: 'reasoning.text', text: block.thinking });
        } else drop(`${path}.content.${i} (thinking)`);
        break;
      default:
        drop(`${path}.content.${i} (${blockType(block)})`);
    }
  });

  const out: AssistantMessage = { role: 'assistant', content: text || null };
  switch (passback) {
    case 'reasoning_content':
      // DeepSeek refuses a tool-call turn without the field, even when there was no reasoning to keep.
      if (thinking.length > 0 || toolCalls.length > 0) out.reasoning_content = thinking.join('\n');
      break;
    case 'reasoning_details':
      if (details.length > 0) out.reasoning_details = details;
      break;
    case 'think_tags':
      if (thinking.length > 0) out.content = `<think>${thinking.join('\n')}</think>\n\n${text}`;
      break;
  }
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  if (out.content === null && !out.tool_calls) return;
  messages.push(out);
}
