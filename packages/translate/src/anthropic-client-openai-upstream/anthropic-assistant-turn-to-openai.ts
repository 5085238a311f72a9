// An Anthropic assistant turn → one OpenAI assistant message: text, tool calls, and the turn's
// reasoning passed back in the form the provider reads.

import type { AnthropicRequestMessage } from '../anthropic/request.js';
import { readAuroraSignature } from '../ids.js';
import type { OpenAIMessage, OpenAIToolCall, ReasoningDetail } from '../openai/request.js';
import type { Quirks } from '../quirks/schema.js';
import { blockType } from './anthropic-content-to-openai.js';
import type { DropField } from './dropped-fields.js';
import { isToolCallExtraEntry, UNSIGNED_TOOL_CALL_EXTRA } from './tool-call-extras.js';
import type { ToolIdMapper } from './tool-call-ids.js';

type AssistantMessage = Extract<OpenAIMessage, { role: 'assistant' }>;

export function pushAnthropicAssistantTurn(
  messages: OpenAIMessage[],
  message: AnthropicRequestMessage,
  passback: Quirks['reasoning_passback'],
  toolCallExtra: boolean,
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
  // Each call's `extra_content`, kept in the signature of a thinking block of the same turn.
  const extras = new Map<string, unknown>();
  for (const block of message.content)
    if (block.type === 'thinking')
      for (const entry of readAuroraSignature(block.signature)?.details ?? [])
        if (isToolCallExtraEntry(entry)) extras.set(entry.tool_use_id, entry.extra_content);
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
          ...(toolCallExtra && extras.has(block.id) ? { extra_content: extras.get(block.id) } : {}),
        });
        break;
      case 'thinking': {
        // The text goes back whatever signed it (another alias after `/model`, another gateway); the
        // signature itself never leaves, except the provider entries Aurora kept in its own.
        const kept = (readAuroraSignature(block.signature)?.details ?? []).filter(
          (entry) => !isToolCallExtraEntry(entry),
        );
        if (passback !== 'none' && (block.thinking || kept.length > 0)) {
          if (block.thinking) thinking.push(block.thinking);
          if (kept.length > 0) details.push(...(kept as ReasoningDetail[]));
          else details.push({ type: 'reasoning.text', text: block.thinking });
        } else drop(`${path}.content.${i} (thinking)`);
        break;
      }
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
  // Gemini wants a signature on the first call of a turn; one it did not make gets its placeholder.
  const first = toolCalls[0];
  if (toolCallExtra && first && first.extra_content === undefined)
    first.extra_content = UNSIGNED_TOOL_CALL_EXTRA;
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  if (out.content === null && !out.tool_calls) return;
  messages.push(out);
}
