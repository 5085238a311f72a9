// Anthropic Messages request (Claude Code) → OpenAI Chat Completions request for an OpenAI-kind
// provider: every row of SPEC §3's request table.

import type {
  AnthropicMessagesRequest,
  AnthropicRequestMessage,
  AnthropicTool,
  RequestContentBlock,
} from '../anthropic/request.js';
import { TranslationError } from '../errors.js';
import { alphanumeric9, isAuroraSignature } from '../ids.js';
import type {
  OpenAIChatRequest,
  OpenAIContentPart,
  OpenAIMessage,
  OpenAITool,
  OpenAIToolCall,
  OpenAIToolChoice,
  ReasoningDetail,
} from '../openai/request.js';
import type { Quirks } from '../quirks/schema.js';
import { stableUserId } from '../user-id.js';
import { compileSchemaStrip, type SchemaStrip, stripSchema } from './tool-schema.js';

export interface OpenAITarget {
  /** The provider's model id. */
  model: string;
  quirks: Quirks;
  /** The alias's max output tokens: `max_tokens` is clamped to it. */
  maxOutputTokens?: number | null;
  /** The alias's context window: input + `max_tokens` must fit in it. */
  contextWindow?: number | null;
  /** Whether the alias is a reasoning model: only then do thinking and effort go upstream. */
  reasoning?: boolean | null;
  /** The alias's `params`, merged last into the body. */
  params?: Record<string, unknown> | null;
  /** The gateway's token estimate of the whole request (system + tools + messages). */
  estimatedInputTokens?: number | null;
}

type Part = OpenAIContentPart;
type AssistantMessage = Extract<OpenAIMessage, { role: 'assistant' }>;

const BILLING_HEADER = 'x-anthropic-billing-header:';

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
export function toOpenAIRequest(
  req: AnthropicMessagesRequest,
  target: OpenAITarget,
  dropped?: string[],
): OpenAIChatRequest {
  const q = target.quirks;
  const drop = dropped ? (path: string) => dropped.push(path) : () => {};
  for (const key of Object.keys(req)) if (!TRANSLATED_FIELDS.has(key)) drop(key);

  const ids = createToolIdMapper(q.tool_call_id);
  // Reasoning goes back only to a model that reasons: DeepSeek's non-thinking mode does not expect it.
  const passback = target.reasoning ? q.reasoning_passback : 'none';
  const systemParts: Part[] = systemToParts(req.system, q, drop);
  const messages: OpenAIMessage[] = [];
  const leading: OpenAIMessage = { role: 'system', content: '' };
  messages.push(leading);

  req.messages.forEach((message, i) => {
    const path = `messages.${i}`;
    if (message.role === 'system') {
      const parts = blocksToParts(message.content, q, path, drop);
      if (q.merge_system_messages) systemParts.push(...parts);
      else if (parts.length > 0) messages.push({ role: 'system', content: joinSystem(parts) });
    } else if (message.role === 'user') {
      pushUserMessage(messages, message, q, ids, path, drop);
    } else {
      pushAssistantMessage(messages, message, passback, ids, path, drop);
    }
  });

  if (systemParts.length > 0) leading.content = joinSystem(systemParts);
  else messages.shift();

  const body: OpenAIChatRequest = { model: target.model, messages };

  const tools = translateTools(req.tools, q, drop);
  if (tools.length > 0) {
    body.tools = tools;
    const choice = translateToolChoice(req.tool_choice, tools, drop);
    if (choice !== undefined) body.tool_choice = choice;
    if (req.tool_choice?.disable_parallel_tool_use && q.parallel_tool_calls) body.parallel_tool_calls = false;
  } else if (req.tool_choice) {
    // Only server tools (or none) were offered: a choice would name a tool the upstream never sees (F11).
    drop('tool_choice');
  }

  body[q.max_tokens_field] = clampMaxTokens(req.max_tokens, target);

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

  const format = req.output_config?.format;
  if (format) {
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

  applyThinking(body, req, target, drop);

  const userId = req.metadata?.user_id;
  if (userId) {
    if (q.user_field) body.user = stableUserId(userId);
    else drop('metadata.user_id');
  }

  for (const [key, value] of Object.entries(q.extra_body)) body[key] = value;
  if (target.params) for (const [key, value] of Object.entries(target.params)) body[key] = value;
  return body;
}

function clampMaxTokens(requested: number, target: OpenAITarget): number {
  let max = requested;
  if (target.maxOutputTokens && target.maxOutputTokens > 0) max = Math.min(max, target.maxOutputTokens);
  const window = target.contextWindow;
  if (window && window > 0 && target.estimatedInputTokens != null) {
    const input = Math.ceil(target.estimatedInputTokens);
    // Refused here, in the words Claude Code compacts on, rather than after a provider round trip.
    if (input >= window) {
      throw new TranslationError(
        'invalid_request_error',
        `prompt is too long: ${input} tokens > ${window} maximum`,
      );
    }
    max = Math.min(max, window - input);
  }
  return Math.max(1, max);
}

// --- content ---------------------------------------------------------------------------------------

function textPart(text: string, block: { cache_control?: unknown }, q: Quirks): Part {
  const part: Part = { type: 'text', text };
  if (q.cache_control && block.cache_control) part.cache_control = block.cache_control as { type: string };
  return part;
}

/** `content` of a user message: a plain string when that says everything (widest support). */
function simplify(parts: Part[]): string | Part[] {
  if (parts.length === 1) {
    const only = parts[0] as Part;
    if (only.type === 'text' && !only.cache_control) return only.text;
  }
  return parts;
}

/** `content` of a system message: its blocks joined into one string, unless cache markers must stay. */
function joinSystem(parts: Part[]): string | Part[] {
  if (parts.some((p) => p.type !== 'text' || p.cache_control)) return parts;
  return parts.map((p) => (p.type === 'text' ? p.text : '')).join('\n\n');
}

function systemToParts(
  system: AnthropicMessagesRequest['system'],
  q: Quirks,
  drop: (path: string) => void,
): Part[] {
  if (system == null) return [];
  if (typeof system === 'string') return system ? [{ type: 'text', text: system }] : [];
  const parts: Part[] = [];
  system.forEach((block, i) => {
    if (block.type !== 'text') drop(`system.${i}`);
    // Claude Code's per-version billing header means nothing to other models and defeats prompt caching.
    else if (block.text.startsWith(BILLING_HEADER)) drop(`system.${i} (billing header)`);
    else if (block.text) parts.push(textPart(block.text, block, q));
  });
  return parts;
}

function imagePart(source: { type: string; media_type?: string; data?: string; url?: string }): Part | null {
  if (source.type === 'base64' && source.data) {
    return {
      type: 'image_url',
      image_url: { url: `data:${source.media_type ?? 'image/png'};base64,${source.data}` },
    };
  }
  if (source.type === 'url' && source.url) return { type: 'image_url', image_url: { url: source.url } };
  return null;
}

function documentPart(block: Extract<RequestContentBlock, { type: 'document' }>, q: Quirks): Part | null {
  const { source } = block;
  const title = block.title ? `${block.title}\n\n` : '';
  if (source.type === 'text' && typeof source.data === 'string')
    return { type: 'text', text: title + source.data };
  if (source.type === 'content') {
    const content = source.content;
    const text =
      typeof content === 'string'
        ? content
        : (content ?? [])
            .map((c) =>
              c && typeof c === 'object' && 'text' in c && typeof c.text === 'string' ? c.text : '',
            )
            .filter(Boolean)
            .join('\n');
    return text ? { type: 'text', text: title + text } : null;
  }
  if (source.type === 'base64' && source.data) {
    const mediaType = source.media_type ?? 'application/pdf';
    if (q.file_parts) {
      return {
        type: 'file',
        file: {
          filename: block.title ?? 'document.pdf',
          file_data: `data:${mediaType};base64,${source.data}`,
        },
      };
    }
    return {
      type: 'text',
      text: `[${mediaType} document ${block.title ? `"${block.title}" ` : ''}omitted: this model cannot read files]`,
    };
  }
  if (source.type === 'url' && source.url)
    return { type: 'text', text: `${title}[document at ${source.url}]` };
  return null;
}

/** Text, image and document blocks → parts; other block kinds are not content of this message kind. */
function contentPart(block: RequestContentBlock, q: Quirks): Part | null | undefined {
  switch (block.type) {
    case 'text':
      return block.text ? textPart(block.text, block, q) : null;
    case 'image':
      return imagePart(block.source);
    case 'document':
      return documentPart(block, q);
    default:
      return undefined;
  }
}

function blocksToParts(
  content: AnthropicRequestMessage['content'],
  q: Quirks,
  path: string,
  drop: (path: string) => void,
): Part[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const parts: Part[] = [];
  content.forEach((block, i) => {
    const part = contentPart(block, q);
    if (part) parts.push(part);
    else if (part === undefined) drop(`${path}.content.${i} (${blockType(block)})`);
  });
  return parts;
}

function blockType(block: RequestContentBlock): string {
  return block.type === 'unknown' ? block.original_type : block.type;
}

// --- user turns ------------------------------------------------------------------------------------

function pushUserMessage(
  messages: OpenAIMessage[],
  message: AnthropicRequestMessage,
  q: Quirks,
  ids: ToolIdMapper,
  path: string,
  drop: (path: string) => void,
) {
  if (typeof message.content === 'string') {
    if (message.content) messages.push({ role: 'user', content: message.content });
    return;
  }
  // Tool results answer the preceding assistant tool_calls, so they go first, as `tool` messages;
  // images they carry cannot live in a tool message and follow in the user message (F12).
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
            const image = imagePart(inner.source);
            if (image) images.push(image);
          } else if (inner.type === 'document') {
            const doc = documentPart(inner, q);
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
    const part = contentPart(block, q);
    if (part) parts.push(part);
    else if (part === undefined) drop(`${path}.content.${i} (${blockType(block)})`);
  });
  const all = [...resultImages, ...parts];
  if (all.length > 0) messages.push({ role: 'user', content: simplify(all) });
}

// --- assistant turns -------------------------------------------------------------------------------

function pushAssistantMessage(
  messages: OpenAIMessage[],
  message: AnthropicRequestMessage,
  passback: Quirks['reasoning_passback'],
  ids: ToolIdMapper,
  path: string,
  drop: (path: string) => void,
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

// --- tools -----------------------------------------------------------------------------------------

/** A server tool (web search, code execution, ...) runs at Anthropic; it has a versioned `type`. */
function isServerTool(tool: AnthropicTool): boolean {
  return tool.type != null && tool.type !== 'custom';
}

const EMPTY_PARAMETERS = { type: 'object', properties: {} };

function translateTools(tools: AnthropicTool[] | null | undefined, q: Quirks, drop: (path: string) => void) {
  const out: OpenAITool[] = [];
  if (!tools) return out;
  const strip: SchemaStrip | null = compileSchemaStrip(q.schema_strip);
  tools.forEach((tool, i) => {
    if (isServerTool(tool)) {
      drop(`tools.${i} (${tool.type})`);
      return;
    }
    const schema = tool.input_schema ?? EMPTY_PARAMETERS;
    const fn: OpenAITool['function'] = {
      name: tool.name,
      parameters: strip ? (stripSchema(schema, strip) as Record<string, unknown>) : schema,
    };
    if (tool.description) fn.description = tool.description;
    out.push({ type: 'function', function: fn });
  });
  return out;
}

function translateToolChoice(
  choice: AnthropicMessagesRequest['tool_choice'],
  tools: OpenAITool[],
  drop: (path: string) => void,
): OpenAIToolChoice | undefined {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      if (choice.name && tools.some((t) => t.function.name === choice.name)) {
        return { type: 'function', function: { name: choice.name } };
      }
      // The named tool was a server tool that is not forwarded (F11): let the model choose.
      drop('tool_choice.name');
      return 'auto';
  }
}

// --- tool-call ids ---------------------------------------------------------------------------------

interface ToolIdMapper {
  upstream(id: string): string;
  /** Upstream ids of the tool calls already in the translated history. */
  called: Set<string>;
}

/**
 * Ids Claude Code sends back are ours (`toolu_…`) or from a real Anthropic session; a provider with an
 * id format gets a stable hash of each in that format, identical for the call and its result.
 */
function createToolIdMapper(format: Quirks['tool_call_id']): ToolIdMapper {
  if (format === 'any') return { upstream: (id) => id, called: new Set() };
  const mapped = new Map<string, string>();
  const used = new Set<string>();
  return {
    called: new Set(),
    upstream(id) {
      let out = mapped.get(id);
      if (out) return out;
      out = /^[a-zA-Z0-9]{9}$/.test(id) ? id : alphanumeric9(id);
      for (let salt = 1; used.has(out); salt++) out = alphanumeric9(id, salt);
      mapped.set(id, out);
      used.add(out);
      return out;
    },
  };
}

// --- thinking --------------------------------------------------------------------------------------

/** Anthropic `budget_tokens` → an effort level (SPEC §3: < 4k low, < 16k medium, else high). */
export function effortForBudget(budget: number): 'low' | 'medium' | 'high' {
  if (budget < 4096) return 'low';
  if (budget < 16384) return 'medium';
  return 'high';
}

function applyThinking(
  body: OpenAIChatRequest,
  req: AnthropicMessagesRequest,
  target: OpenAITarget,
  drop: (path: string) => void,
) {
  const thinking = req.thinking;
  const effortGiven = req.output_config?.effort ?? undefined;
  if (!thinking && !effortGiven) return;
  if (!target.reasoning) {
    if (thinking) drop('thinking');
    if (effortGiven) drop('output_config.effort');
    return;
  }
  const off = thinking?.type === 'disabled';
  const budget = thinking?.type === 'enabled' ? (thinking.budget_tokens ?? undefined) : undefined;
  const effort = off ? undefined : (effortGiven ?? (budget != null ? effortForBudget(budget) : undefined));
  switch (target.quirks.thinking_param) {
    case 'reasoning_effort':
      if (effort) body.reasoning_effort = effort;
      break;
    case 'thinking':
      body.thinking = { type: off ? 'disabled' : 'enabled' };
      if (effort) body.reasoning_effort = effort;
      break;
    case 'reasoning':
      body.reasoning = off ? { enabled: false } : effort ? { effort } : { enabled: true };
      break;
    case 'enable_thinking':
      body.enable_thinking = !off;
      if (budget != null) body.thinking_budget = budget;
      break;
    case 'none':
      if (thinking) drop('thinking');
      if (effortGiven) drop('output_config.effort');
      break;
  }
}
