// OpenAI Chat Completions request (OpenAI ingress) → Anthropic Messages request for an Anthropic-kind
// provider.

import type {
  AnthropicMessagesRequest,
  AnthropicRequestMessage,
  RequestContentBlock,
} from '../anthropic/request.js';
import type { AnthropicTarget } from '../anthropic/target.js';
import type { OpenAIChatRequest, OpenAIContentPart, OpenAIMessage } from '../openai/request.js';
import { parseToolArguments } from '../tool-arguments.js';

const DEFAULT_MAX_TOKENS = 8192;
const BUDGET_FOR_EFFORT: Record<string, number> = { low: 2048, medium: 8192, high: 24576 };

type Blocks = RequestContentBlock[];

function partsToBlocks(content: string | OpenAIContentPart[] | null | undefined): Blocks {
  if (content == null) return [];
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const blocks: Blocks = [];
  for (const part of content) {
    if (part.type === 'text') {
      if (part.text) blocks.push({ type: 'text', text: part.text });
    } else if (part.type === 'image_url') {
      const match = /^data:([^;,]+);base64,(.*)$/s.exec(part.image_url.url);
      blocks.push({
        type: 'image',
        source: match
          ? { type: 'base64', media_type: match[1] as string, data: match[2] as string }
          : { type: 'url', url: part.image_url.url },
      });
    } else if (part.type === 'file') {
      const match = /^data:([^;,]+);base64,(.*)$/s.exec(part.file.file_data ?? '');
      if (match) {
        blocks.push({
          type: 'document',
          source: { type: 'base64', media_type: match[1] as string, data: match[2] as string },
          title: part.file.filename ?? null,
        });
      }
    }
  }
  return blocks;
}

function textOf(content: string | OpenAIContentPart[]): string {
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

export function openAIRequestToAnthropic(
  req: OpenAIChatRequest,
  target: AnthropicTarget,
): AnthropicMessagesRequest {
  const system: string[] = [];
  const messages: AnthropicRequestMessage[] = [];
  // Anthropic alternates user and assistant turns: consecutive same-role content is merged.
  const append = (role: 'user' | 'assistant', blocks: Blocks) => {
    if (blocks.length === 0) return;
    const last = messages[messages.length - 1];
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };

  for (const message of req.messages as OpenAIMessage[]) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        // The Messages API has one system prompt; later system messages join it.
        const text = textOf(message.content);
        if (text) system.push(text);
        break;
      }
      case 'user':
        append('user', partsToBlocks(message.content));
        break;
      case 'assistant': {
        const blocks = partsToBlocks(message.content);
        for (const call of message.tool_calls ?? []) {
          blocks.push({
            type: 'tool_use',
            id: call.id,
            name: call.function.name,
            input: parseToolArguments(call.function.arguments, call.function.name),
          });
        }
        append('assistant', blocks);
        break;
      }
      case 'tool':
        append('user', [
          { type: 'tool_result', tool_use_id: message.tool_call_id, content: textOf(message.content) },
        ]);
        break;
    }
  }

  const requested =
    req.max_completion_tokens ?? req.max_tokens ?? target.maxOutputTokens ?? DEFAULT_MAX_TOKENS;
  const maxTokens = target.maxOutputTokens ? Math.min(requested, target.maxOutputTokens) : requested;
  const out: AnthropicMessagesRequest = { model: target.model, max_tokens: maxTokens, messages };
  if (system.length > 0) out.system = system.join('\n\n');
  if (req.stream) out.stream = true;
  if (req.stop != null) out.stop_sequences = typeof req.stop === 'string' ? [req.stop] : req.stop;
  // OpenAI's temperature goes to 2, Anthropic's to 1.
  if (req.temperature != null) out.temperature = Math.min(1, req.temperature);
  if (req.top_p != null) out.top_p = req.top_p;
  if (req.user) out.metadata = { user_id: req.user };

  if (req.tools && req.tools.length > 0) {
    out.tools = req.tools.map((t) => ({
      name: t.function.name,
      ...(t.function.description ? { description: t.function.description } : {}),
      input_schema: t.function.parameters ?? { type: 'object', properties: {} },
    }));
    const choice = req.tool_choice;
    const noParallel = req.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
    if (choice === 'required') out.tool_choice = { type: 'any', ...noParallel };
    else if (choice === 'none') out.tool_choice = { type: 'none' };
    else if (choice && typeof choice === 'object')
      out.tool_choice = { type: 'tool', name: choice.function.name, ...noParallel };
    else if (choice === 'auto' || req.parallel_tool_calls === false)
      out.tool_choice = { type: 'auto', ...noParallel };
  }

  const format = req.response_format as
    | { type: string; json_schema?: { schema?: Record<string, unknown> } }
    | null
    | undefined;
  if (format?.type === 'json_schema' && format.json_schema?.schema) {
    out.output_config = { format: { type: 'json_schema', schema: format.json_schema.schema } };
  }

  const effort = req.reasoning_effort;
  if (target.reasoning && effort && BUDGET_FOR_EFFORT[effort]) {
    // The budget must stay below max_tokens; 1024 is the Messages API minimum.
    const budget = Math.min(BUDGET_FOR_EFFORT[effort] as number, maxTokens - 1);
    if (budget >= 1024) out.thinking = { type: 'enabled', budget_tokens: budget };
  }

  if (target.params) for (const [key, value] of Object.entries(target.params)) out[key] = value;
  return out;
}
