import type { StopReason } from '../anthropic/message.js';

/** Anthropic `stop_reason` → OpenAI `finish_reason`. */
export function anthropicStopReasonToOpenAI(stopReason: StopReason | null | undefined): string {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
