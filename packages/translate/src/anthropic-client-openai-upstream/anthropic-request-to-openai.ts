// Anthropic Messages request (Claude Code) → OpenAI Chat Completions request for an OpenAI-kind
// provider. The request table is in docs/translation.md; each concern has its own file here.

import type { AnthropicMessagesRequest, AnthropicRequestMessage } from '../anthropic/request.js';
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
import { createToolIdMapper, type ToolIdMapper } from './tool-call-ids.js';

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
  const drop = dropRecorder(dropped);
  dropUntranslatedFields(req, drop);
  const body: OpenAIChatRequest = {
    model: target.model,
    messages: anthropicMessagesToOpenAI(req, target, drop),
  };
  applyRequestFields(body, req, target, drop);
  return body;
}

/** Reports every top-level field without an OpenAI counterpart (the first paths `dropped` gets). */
export function dropUntranslatedFields(req: AnthropicMessagesRequest, drop: DropField): void {
  for (const key of Object.keys(req)) if (!TRANSLATED_FIELDS.has(key)) drop(key);
}

/** Everything of the upstream body after `messages`: tools, limits, sampling, reasoning, extras. */
export function applyRequestFields(
  body: OpenAIChatRequest,
  req: AnthropicMessagesRequest,
  target: OpenAITarget,
  drop: DropField,
): void {
  const q = target.quirks;
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
}

/** Reasoning goes back only to a model that reasons: DeepSeek's non-thinking mode does not expect it. */
export const reasoningPassback = (target: OpenAITarget): Quirks['reasoning_passback'] =>
  target.reasoning ? target.quirks.reasoning_passback : 'none';

/**
 * One turn → the OpenAI messages it becomes, appended to `messages`: a user or assistant turn, or a
 * system message that stays where it is (no quirk moves it). It reads nothing of the other turns but
 * the tool-id mapper (`ids`), which is how it can be translated alone.
 */
export function pushAnthropicTurn(
  messages: OpenAIMessage[],
  message: AnthropicRequestMessage,
  target: OpenAITarget,
  ids: ToolIdMapper,
  path: string,
  drop: DropField,
): void {
  const q = target.quirks;
  if (message.role === 'system') {
    const parts = anthropicBlocksToParts(message.content, q, path, drop);
    if (parts.length > 0) messages.push({ role: 'system', content: joinSystemParts(parts) });
  } else if (message.role === 'user') pushAnthropicUserTurn(messages, message, q, ids, path, drop);
  else
    pushAnthropicAssistantTurn(
      messages,
      message,
      reasoningPassback(target),
      q.tool_call_extra,
      ids,
      path,
      drop,
    );
}

/** `system` and the turns → OpenAI messages, the system text first (or in place, by quirk). */
function anthropicMessagesToOpenAI(
  req: AnthropicMessagesRequest,
  target: OpenAITarget,
  drop: DropField,
): OpenAIMessage[] {
  const q = target.quirks;
  const ids = createToolIdMapper(q.tool_call_id);
  const systemParts: OpenAIContentPart[] = anthropicSystemToParts(req.system, q, drop);
  const messages: OpenAIMessage[] = [];
  const leading: OpenAIMessage = { role: 'system', content: '' };
  messages.push(leading);

  // System text waiting for the next user message (system_in_user_turn).
  let pendingSystem: string | undefined;
  req.messages.forEach((message, i) => {
    const path = `messages.${i}`;
    if (message.role === 'system' && (q.merge_system_messages || q.system_in_user_turn)) {
      const parts = anthropicBlocksToParts(message.content, q, path, drop);
      if (q.merge_system_messages) systemParts.push(...parts);
      else pendingSystem = systemTextInUserTurn(messages, parts, req.messages[i + 1]?.role === 'user');
    } else if (message.role === 'user') {
      const before = messages.length;
      pushAnthropicTurn(messages, message, target, ids, path, drop);
      if (pendingSystem !== undefined) placeSystemText(messages, before, pendingSystem);
      pendingSystem = undefined;
    } else pushAnthropicTurn(messages, message, target, ids, path, drop);
  });

  if (systemParts.length > 0) leading.content = joinSystemParts(systemParts);
  else messages.shift();
  return messages;
}

const inUserTurn = (text: string) => `<system-reminder>\n${text}\n</system-reminder>`;

function addUserText(message: OpenAIMessage, text: string, at: 'start' | 'end'): void {
  const content = message.content;
  if (typeof content === 'string' || content == null) {
    const existing = content ?? '';
    message.content = !existing ? text : at === 'start' ? `${text}\n\n${existing}` : `${existing}\n\n${text}`;
  } else {
    const part = { type: 'text' as const, text };
    message.content = at === 'start' ? [part, ...content] : [...content, part];
  }
}

/**
 * A mid-conversation system message, for templates that take a system message only first: joined to
 * the user message it follows, or kept for the user message that comes next (returned), or, with
 * none next, a user message of its own.
 */
function systemTextInUserTurn(
  messages: OpenAIMessage[],
  parts: OpenAIContentPart[],
  userTurnNext: boolean,
): string | undefined {
  const text = parts.map((part) => (part.type === 'text' ? part.text : '')).join('\n\n');
  if (!text) return undefined;
  const last = messages.at(-1);
  if (last?.role === 'user') addUserText(last, inUserTurn(text), 'end');
  else if (userTurnNext) return text;
  else messages.push({ role: 'user', content: inUserTurn(text) });
  return undefined;
}

/** Puts waiting system text at the start of the user turn just added, after its tool results. */
function placeSystemText(messages: OpenAIMessage[], from: number, text: string): void {
  const user = messages.slice(from).find((message) => message.role === 'user');
  if (user) addUserText(user, inUserTurn(text), 'start');
  else messages.push({ role: 'user', content: inUserTurn(text) });
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
