import type { OpenAIChatChunk } from './response.js';

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const nullishOr = (value: unknown, type: 'string' | 'number') => value == null || typeof value === type;

/** One tool-call fragment whose every typed field has the type `openAIChatChunkSchema` gives it. */
function plainToolCall(call: unknown): boolean {
  if (!isFields(call)) return false;
  if (!nullishOr(call.index, 'number') || !nullishOr(call.id, 'string') || !nullishOr(call.type, 'string'))
    return false;
  const fn = call.function;
  return fn == null || (isFields(fn) && nullishOr(fn.name, 'string') && nullishOr(fn.arguments, 'string'));
}

function plainDelta(delta: unknown): boolean {
  if (delta == null) return true;
  if (!isFields(delta)) return false;
  if (
    !nullishOr(delta.role, 'string') ||
    !nullishOr(delta.content, 'string') ||
    !nullishOr(delta.refusal, 'string') ||
    !nullishOr(delta.reasoning_content, 'string') ||
    !nullishOr(delta.reasoning, 'string') ||
    delta.reasoning_details != null
  )
    return false;
  const calls = delta.tool_calls;
  return calls == null || (Array.isArray(calls) && calls.every(plainToolCall));
}

/**
 * Whether a parsed stream chunk has the shape nearly every chunk has (text, reasoning text, a role, a
 * finish reason, tool-call fragments; no usage, error, content array or reasoning details), checked by
 * hand field by field. For such a chunk `openAIChatChunkSchema` accepts it as it is, so the
 * translator can read it without the schema's pass and copy; any other chunk goes through the schema.
 */
export function isPlainChatChunk(value: unknown): value is OpenAIChatChunk {
  if (!isFields(value)) return false;
  if (
    !nullishOr(value.id, 'string') ||
    !nullishOr(value.object, 'string') ||
    !nullishOr(value.created, 'number') ||
    !nullishOr(value.model, 'string') ||
    value.usage != null ||
    value.error != null
  )
    return false;
  const choices = value.choices;
  if (choices == null) return true;
  if (!Array.isArray(choices)) return false;
  for (const choice of choices) {
    if (!isFields(choice)) return false;
    if (
      !nullishOr(choice.index, 'number') ||
      !nullishOr(choice.finish_reason, 'string') ||
      choice.usage != null
    )
      return false;
    if (!plainDelta(choice.delta)) return false;
  }
  return true;
}
