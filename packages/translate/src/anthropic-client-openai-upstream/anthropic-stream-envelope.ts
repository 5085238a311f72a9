// The events around the content blocks of an Anthropic stream: how it opens and how it ends.

import type { AnthropicStreamEvent, AnthropicUsage, StopReason } from '../anthropic/message.js';
import type { OpenAIUsage } from '../openai/response.js';
import { openAIUsageToAnthropic } from './openai-usage-to-anthropic.js';

/** `message_start` (with the gateway's input estimate, as the real count comes last) and a `ping`. */
export function messageStartEvents(
  messageId: string,
  model: string,
  estimatedInputTokens: number,
): AnthropicStreamEvent[] {
  return [
    {
      type: 'message_start',
      message: {
        id: messageId,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: estimatedInputTokens,
          output_tokens: 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
    },
    { type: 'ping' },
  ];
}

/** The usage `message_delta` reports: the upstream's, else the estimate and about four characters a token. */
export function streamUsage(
  upstream: OpenAIUsage | null,
  estimatedInputTokens: number,
  outputChars: number,
): AnthropicUsage {
  if (upstream) return openAIUsageToAnthropic(upstream, estimatedInputTokens);
  return {
    input_tokens: estimatedInputTokens,
    output_tokens: Math.ceil(outputChars / 4),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

export function messageEndEvents(stopReason: StopReason, usage: AnthropicUsage): AnthropicStreamEvent[] {
  return [
    { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage },
    { type: 'message_stop' },
  ];
}

/** An upstream body that ended before its first chunk: nothing was sent, so an error stands alone. */
export function neverStartedEvents(): AnthropicStreamEvent[] {
  return [
    {
      type: 'error',
      error: {
        type: 'api_error',
        message: 'the upstream provider ended the stream without sending anything',
      },
    },
  ];
}

/** The end of a stream that stopped without a finish reason: an error, never a stop_reason. */
export function truncatedStreamEvent(): AnthropicStreamEvent {
  return {
    type: 'error',
    error: {
      type: 'api_error',
      message: 'the upstream provider ended the stream without a finish reason (cut short)',
    },
  };
}
