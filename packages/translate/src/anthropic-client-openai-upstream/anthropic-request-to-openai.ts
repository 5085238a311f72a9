// Anthropic Messages request (Claude Code) → OpenAI Chat Completions request for an OpenAI-kind
// provider. The request table is in docs/translation.md; each concern has its own file here.

import type { AnthropicMessagesRequest } from '../anthropic/request.js';
import type { OpenAIChatRequest, OpenAIContentPart, OpenAIMessage } from '../openai/request.js';
import type { OpenAITarget } from '../openai/target.js';
import type { Quirks } from '../quirks/schema.js';
import { stableUserId } from '../user-id.js';
import { pushAnthropicAssistantTurn } from './anthropic-assistant-turn-to-openai.js';
import {
  anthropicBlocksToParts,
  anthropicSystemToParts,
  joinSystemParts,
} from './anthropic-content-to-openai.js';
import { applyAnthropicThinkingToOpenAI } from './anthropic-thinking-to-openai.js';
import { anthropicToolChoiceToOpenAI, anthropicToolsToOpenAI } from './anthropic-tools-to-openai.js';
import { pushAnthropicUserTurn } from './anthropic-user-turn-to-openai.js';
import { type DropField, dropRecorder } from './dropped-fields.js';
import { clampMaxTokens } from './max-tokens.js';
import { createToolIdMapper } from './tool-call-ids.js';

// Fields that have an OpenAI counterpart and are translated below; every other top-level field is
// dropped (the upstream body is built from an allow-list) and reported.
const TRANSLATED_FIELDS = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'stream',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'metadata',
  'thinking',
  'output_config',
]);

/**
 * Translates an Anthropic request. Throws `TranslationError` (`invalid_request_error`) when the input
 * alone overflows the alias's context window. Everything dropped on the way (Anthropic-only fields,
 * unknown fields and block types, server tools) is appended to `dropped` as a path, for debug logs.
 */
export function anthropicRequestToOpenAI(
  req: AnthropicMessagesRequest,
  target: OpenAITarget,
  dropped?: string[],
): OpenAIChatRequest {
  const q = target.quirks;
  const drop = dropRecorder(dropped);
  for (const key of Object.keys(req)) if (!TRANSLATED_FIELDS.has(key)) drop(key);

  const body: OpenAIChatRequest = {
    model: target.model,
    messages: anthropicMessagesToOpenAI(req, target, drop),
  };

  const tools = anthropicToolsToOpenAI(req.tools, q, drop);
  if (tools.length > 0) {
    body.tools = tools;
    const choice = anthropicToolChoiceToOpenAI(req.tool_choice, tools, drop);
    if (choice !== undefined) body.tool_choice = choice;
    if (req.tool_choice?.disable_parallel_tool_use && q.parallel_tool_calls) body.parallel_tool_calls = false;
  } else if (req.tool_choice) {
    // Only server tools (or none) were offered: a choice would name a tool the upstream never sees.
    drop('tool_choice');
  }

  body[q.max_tokens_field] = clampMaxTokens(req.max_tokens, target);
  applySampling(body, req, q, drop);
  applyOutputFormat(body, req, q, drop);
  applyAnthropicThinkingToOpenAI(body, req, target, drop);

  const userId = req.metadata?.user_id;
  if (userId) {
    if (q.user_field) body.user = stableUserId(userId);
    else drop('metadata.user_id');
  }

  for (const [key, value] of Object.entries(q.extra_body)) body[key] = value;
  if (target.params) for (const [key, value] of Object.entries(target.params)) body[key] = value;
  return body;
}

/** `system` and the turns → OpenAI messages, the system text first (or in place, by quirk). */
function anthropicMessagesToOpenAI(
  req: AnthropicMessagesRequest,
  target: OpenAITarget,
  drop: DropField,
): OpenAIMessage[] {
  const q = target.quirks;
  const ids = createToolIdMapper(q.tool_call_id);
  // Reasoning goes back only to a model that reasons: DeepSeek's non-thinking mode does not expect it.
  const passback = target.reasoning ? q.reasoning_passback : 'none';
  const systemParts: OpenAIContentPart[] = anthropicSystemToParts(req.system, q, drop);
  const messages: OpenAIMessage[] = [];
  const leading: OpenAIMessage = { role: 'system', content: '' };
  messages.push(leading);

  req.messages.forEach((message, i) => {
    const path = `messages.${i}`;
    if (message.role === 'system') {
      const parts = anthropicBlocksToParts(message.content, q, path, drop);
      if (q.merge_system_messages) systemParts.push(...parts);
      else if (parts.length > 0) messages.push({ role: 'system', content: joinSystemParts(parts) });
    } else if (message.role === 'user') {
      pushAnthropicUserTurn(messages, message, q, ids, path, drop);
    } else {
      pushAnthropicAssistantTurn(messages, message, passback, q.tool_call_extra, ids, path, drop);
    }
  });

  if (systemParts.length > 0) leading.content = joinSystemParts(systemParts);
  else messages.shift();
  return messages;
}

/** Stop sequences (up to the provider's limit), temperature, top_p, top_k, and stream options. */
function applySampling(body: OpenAIChatRequest, req: AnthropicMessagesRequest, q: Quirks, drop: DropField) {
  if (req.stop_sequences && req.stop_sequences.length > 0) {
    if (q.max_stop_sequences > 0) body.stop = req.stop_sequences.slice(0, q.max_stop_sequences);
    if (req.stop_sequences.length > q.max_stop_sequences) drop('stop_sequences');
  }
  if (req.temperature != null) body.temperature = req.temperature;
  if (req.top_p != null) body.top_p = req.top_p;
  if (req.top_k != null) {
    if (q.top_k) body.top_k = req.top_k;
    else drop('top_k');
  }
  if (req.stream) {
    body.stream = true;
    if (q.stream_usage) body.stream_options = { include_usage: true };
  }
}

/** `output_config.format` → `response_format`, down to `json_object` where schemas are not supported. */
function applyOutputFormat(
  body: OpenAIChatRequest,
  req: AnthropicMessagesRequest,
  q: Quirks,
  drop: DropField,
) {
  const format = req.output_config?.format;
  if (!format) return;
  if (format.type === 'json_schema' && format.schema && q.response_format === 'json_schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: format.name ?? 'response', schema: format.schema, strict: true },
    };
  } else if (q.response_format !== 'none') {
    body.response_format = { type: 'json_object' };
  } else {
    drop('output_config.format');
  }
}
