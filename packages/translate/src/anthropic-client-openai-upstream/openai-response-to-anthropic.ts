// OpenAI Chat Completions response → Anthropic message (non-streaming); see docs/translation.md.

import type { AnthropicMessage, ResponseContentBlock } from '../anthropic/message.js';
import { TranslationError, upstreamErrorToAnthropic } from '../errors.js';
import { auroraSignature, type IdSource, randomIds } from '../ids.js';
import { isContentField, parseLeniently } from '../openai/lenient-parse.js';
import { type OpenAIChatResponse, openAIChatResponseSchema } from '../openai/response.js';
import type { Quirks } from '../quirks/schema.js';
import { parseToolArguments } from '../tool-arguments.js';
import { openAIFinishReasonToAnthropic } from './openai-finish-to-anthropic.js';
import {
  contentPartSegments,
  hasReasoningField,
  mergeReasoningDetails,
  openAIReasoningText,
} from './openai-reasoning.js';
import { mergeOpenAIUsage, openAIUsageToAnthropic } from './openai-usage-to-anthropic.js';
import { splitThinkTags } from './think-tags.js';
import { toolCallExtraEntry } from './tool-call-extras.js';
import { toolUseIdFromUpstream } from './tool-call-ids.js';

export interface OpenAIResponseToAnthropicContext {
  /** The alias the client asked for: what `model` says in the answer. */
  model: string;
  quirks: Quirks;
  /** Used for `input_tokens` when the upstream reports no usage. */
  estimatedInputTokens?: number;
  ids?: IdSource;
}

/**
 * An upstream answer's JSON → the Anthropic message and the warnings naming every field that had to be
 * left out; a left-out field that held content is an error instead (never a clean-looking empty answer).
 */
export function openAIAnswerToAnthropic(
  json: unknown,
  ctx: OpenAIResponseToAnthropicContext,
): { message: AnthropicMessage; warnings: string[] } {
  const parsed = parseLeniently(openAIChatResponseSchema, json);
  const warnings = parsed.dropped.map(({ path, reason }) => `answer field ${path} left out: ${reason}`);
  const lost = parsed.dropped.find((d) => isContentField(d.path));
  if (!parsed.value || lost) {
    const what = lost ? lost.path : 'the answer';
    throw new TranslationError(
      'api_error',
      `the upstream sent ${what} in a shape Aurora cannot read (${warnings.join('; ') || 'not a chat completion'})`,
    );
  }
  return { message: openAIResponseToAnthropic(parsed.value, ctx), warnings };
}

export function openAIResponseToAnthropic(
  res: OpenAIChatResponse,
  ctx: OpenAIResponseToAnthropicContext,
): AnthropicMessage {
  if (res.error) {
    const err = upstreamErrorToAnthropic({ code: res.error.code, message: res.error.message });
    throw new TranslationError(err.type, err.message);
  }
  const choice = res.choices[0];
  if (!choice) throw new TranslationError('api_error', 'the upstream provider returned no choices');
  const ids = ctx.ids ?? randomIds;
  const message = choice.message;
  const content: ResponseContentBlock[] = [];

  let text = '';
  let thinking = '';
  let source = 'think_tags';
  const reasoning = openAIReasoningText(message);
  if (reasoning) ({ text: thinking, field: source } = reasoning);
  if (typeof message.content === 'string') text = message.content;
  else if (Array.isArray(message.content)) {
    const parts = contentPartSegments(message.content);
    if (parts.unknown.length > 0)
      throw new TranslationError(
        'api_error',
        `the upstream answered with content parts of type ${parts.unknown.join(', ')}`,
      );
    for (const segment of parts.segments) {
      if (segment.kind === 'text') text += segment.text;
      else {
        thinking += segment.text;
        source = 'content_thinking';
      }
    }
  }
  if (ctx.quirks.think_tags && text.includes('<think>')) {
    const split = splitThinkTags(text);
    text = split.text;
    // A reasoning field is authoritative: the tagged copy of the same chain is only cut out.
    if (split.thinking && !hasReasoningField(message)) thinking = split.thinking;
  }
  // An answer without a finish reason was cut short: its text is not the whole answer and its tool
  // calls may hold arguments that repairing would turn into a runnable call the model never finished.
  // An empty one is named, not missing: Snowflake Cortex answers `finish_reason: ""` when complete.
  if (choice.finish_reason == null) {
    throw new TranslationError(
      'api_error',
      'the upstream answer ended without a finish reason (cut short); it is not passed on as complete',
    );
  }

  const details: NonNullable<typeof message.reasoning_details> = [];
  if (message.reasoning_details) mergeReasoningDetails(details, message.reasoning_details);
  const tools: ResponseContentBlock[] = [];
  const toolUseIds = new Set<string>();
  for (const call of message.tool_calls ?? []) {
    const name = call.function.name ?? '';
    if (!name) continue;
    const id = toolUseIdFromUpstream(call.id, toolUseIds, ids);
    tools.push({ type: 'tool_use', id, name, input: parseToolArguments(call.function.arguments, name) });
    if (call.extra_content !== undefined) details.push(toolCallExtraEntry(id, call.extra_content));
  }
  if (thinking || details.length > 0)
    content.push({ type: 'thinking', thinking, signature: auroraSignature(source, details) });
  if (!text && message.refusal) text = message.refusal;
  // Byte-exact, but never a blank block (the Messages API refuses those when history goes back).
  if (/\S/.test(text)) content.push({ type: 'text', text });
  content.push(...tools);

  const madeToolCalls = content.some((b) => b.type === 'tool_use');
  let stopReason = openAIFinishReasonToAnthropic(choice.finish_reason, madeToolCalls);
  if (!madeToolCalls && message.refusal && !message.content) stopReason = 'refusal';
  return {
    id: ids.messageId(),
    type: 'message',
    role: 'assistant',
    model: ctx.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    // Moonshot (Kimi) puts usage inside the choice.
    usage: openAIUsageToAnthropic(
      mergeOpenAIUsage(choice.usage ?? null, res.usage ?? {}),
      ctx.estimatedInputTokens ?? 0,
    ),
  };
}
