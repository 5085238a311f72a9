// OpenAI Chat Completions response → Anthropic message (non-streaming); see docs/translation.md.

import type { AnthropicMessage, ResponseContentBlock } from '../anthropic/message.js';
import { TranslationError, upstreamErrorToAnthropic } from '../errors.js';
import { auroraSignature, type IdSource, randomIds } from '../ids.js';
import type { OpenAIChatResponse } from '../openai/response.js';
import type { Quirks } from '../quirks/schema.js';
import { parseToolArguments } from '../tool-arguments.js';
import { openAIFinishReasonToAnthropic } from './openai-finish-to-anthropic.js';
import { openAIReasoningText } from './openai-reasoning.js';
import { openAIUsageToAnthropic } from './openai-usage-to-anthropic.js';
import { splitThinkTags } from './think-tags.js';

export interface OpenAIResponseToAnthropicContext {
  /** The alias the client asked for: what `model` says in the answer. */
  model: string;
  quirks: Quirks;
  /** Used for `input_tokens` when the upstream reports no usage. */
  estimatedInputTokens?: number;
  ids?: IdSource;
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

  let text = message.content ?? '';
  const reasoning = openAIReasoningText(message);
  let thinking = reasoning?.text ?? '';
  let source = reasoning?.field ?? 'think_tags';
  if (ctx.quirks.think_tags && text.includes('<think>')) {
    const split = splitThinkTags(text);
    text = split.text;
    if (split.thinking) {
      thinking = thinking ? `${thinking}\n${split.thinking}` : split.thinking;
      source = reasoning?.field ?? 'think_tags';
    }
  }
  if (thinking) content.push({ type: 'thinking', thinking, signature: auroraSignature(source) });
  if (!text.trim() && message.refusal) text = message.refusal;
  // Never an empty (or whitespace-only) text block: some clients and upstreams refuse them.
  // Leading blank lines (often left before tool calls or after reasoning) are dropped, as when streaming.
  text = text.trimStart();
  if (text) content.push({ type: 'text', text });

  // An answer without a finish reason was cut short: its text is not the whole answer and its tool
  // calls may hold arguments that repairing would turn into a runnable call the model never finished.
  if (!choice.finish_reason) {
    throw new TranslationError(
      'api_error',
      'the upstream answer ended without a finish reason (cut short); it is not passed on as complete',
    );
  }

  for (const call of message.tool_calls ?? []) {
    const name = call.function.name ?? '';
    if (!name) continue;
    // Upstream ids are omitted or reused (`call_0` every turn) while Anthropic wants them unique in the
    // whole conversation; a fresh `toolu_` id is always safe because only Aurora maps them back.
    content.push({
      type: 'tool_use',
      id: ids.toolUseId(),
      name,
      input: parseToolArguments(call.function.arguments, name),
    });
  }

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
    usage: openAIUsageToAnthropic(res.usage ?? {}, ctx.estimatedInputTokens ?? 0),
  };
}
