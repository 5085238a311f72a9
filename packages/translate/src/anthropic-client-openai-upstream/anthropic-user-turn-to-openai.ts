// An Anthropic user turn → OpenAI messages: `tool` messages for its tool results, then one user message.

import type { AnthropicRequestMessage } from '../anthropic/request.js';
import type { OpenAIContentPart, OpenAIMessage } from '../openai/request.js';
import type { Quirks } from '../quirks/schema.js';
import {
  anthropicBlockToPart,
  anthropicDocumentToPart,
  anthropicImageToPart,
  blockType,
  simplifyParts,
} from './anthropic-content-to-openai.js';
import type { DropField } from './dropped-fields.js';
import type { ToolIdMapper } from './tool-call-ids.js';

type Part = OpenAIContentPart;

export function pushAnthropicUserTurn(
  messages: OpenAIMessage[],
  message: AnthropicRequestMessage,
  q: Quirks,
  ids: ToolIdMapper,
  path: string,
  drop: DropField,
) {
  if (typeof message.content === 'string') {
    if (message.content) messages.push({ role: 'user', content: message.content });
    return;
  }
  // Tool results answer the preceding assistant tool_calls, so they go first, as `tool` messages;
  // images they carry cannot live in a tool message and follow in the user message.
  const resultImages: Part[] = [];
  const parts: Part[] = [];
  message.content.forEach((block, i) => {
    if (block.type === 'tool_result') {
      const callId = ids.upstream(block.tool_use_id);
      const texts: string[] = [];
      const cached = q.cache_control && block.cache_control;
      if (typeof block.content === 'string') texts.push(block.content);
      else {
        const images: Part[] = [];
        for (const inner of block.content ?? []) {
          if (inner.type === 'text') texts.push(inner.text);
          else if (inner.type === 'image') {
            const image = anthropicImageToPart(inner.source);
            if (image) images.push(image);
          } else if (inner.type === 'document') {
            const doc = anthropicDocumentToPart(inner, q);
            if (doc?.type === 'text') texts.push(doc.text);
            else if (doc) images.push(doc);
          }
        }
        if (images.length > 0) {
          resultImages.push({
            type: 'text',
            text: `[content returned by tool call ${ids.upstream(block.tool_use_id)}]`,
          });
          resultImages.push(...images);
          if (texts.length === 0) texts.push('[the result is in the next user message]');
        }
      }
      let text = texts.join('\n');
      if (block.is_error) text = text ? `Error: ${text}` : 'Error';
      // A result whose call is not in the history (dropped server tool, compacted turn) would be refused
      // as a tool message; it is kept as text.
      if (!ids.called.has(callId)) {
        parts.push({ type: 'text', text: `[result of tool call ${callId}]\n${text}` });
        return;
      }
      messages.push({
        role: 'tool',
        tool_call_id: callId,
        content: cached
          ? [{ type: 'text', text, cache_control: block.cache_control as { type: string } }]
          : text,
      });
      return;
    }
    const part = anthropicBlockToPart(block, q);
    if (part) parts.push(part);
    else if (part === undefined) drop(`${path}.content.${i} (${blockType(block)})`);
  });
  const all = [...resultImages, ...parts];
  if (all.length > 0) messages.push({ role: 'user', content: simplifyParts(all) });
}
