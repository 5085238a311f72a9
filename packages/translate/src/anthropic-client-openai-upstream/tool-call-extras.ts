import type { ReasoningDetail } from '../openai/request.js';

// A tool call's `extra_content` (Gemini's thought signature) has no place in an Anthropic tool_use
// block, so it travels in the answer's thinking signature as an entry of this type, keyed by the
// tool_use id, and goes back on the call with that id.
const TOOL_CALL_EXTRA = 'aurora.tool_call_extra';

export function toolCallExtraEntry(toolUseId: string, extraContent: unknown): ReasoningDetail {
  return { type: TOOL_CALL_EXTRA, tool_use_id: toolUseId, extra_content: extraContent };
}

export function isToolCallExtraEntry(
  entry: unknown,
): entry is { type: string; tool_use_id: string; extra_content: unknown } {
  const e = entry as { type?: unknown; tool_use_id?: unknown } | null;
  return !!e && e.type === TOOL_CALL_EXTRA && typeof e.tool_use_id === 'string';
}

/**
 * What a call Gemini did not sign (one from another model after `/model`) carries instead: the
 * placeholder Gemini's thought-signature guide names for histories it did not produce.
 */
export const UNSIGNED_TOOL_CALL_EXTRA = { google: { thought_signature: 'skip_thought_signature_validator' } };
