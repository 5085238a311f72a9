import type { StopReason } from '../anthropic/message.js';

/** OpenAI `finish_reason` → Anthropic `stop_reason`, for the JSON answer and the stream alike. */
export function openAIFinishReasonToAnthropic(
  finishReason: string | null | undefined,
  madeToolCalls: boolean,
): StopReason {
  // Cut off: the tool call's arguments are incomplete, so it must not be run.
  if (finishReason === 'length') return 'max_tokens';
  // Some providers say `stop` although they returned tool calls; Claude Code only runs tools on `tool_use`.
  if (madeToolCalls) return 'tool_use';
  switch (finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}
