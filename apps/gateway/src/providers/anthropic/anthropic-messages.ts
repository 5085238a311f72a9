import { type AnthropicMessagesRequest, createSSEParser, stripAuroraThinking } from '@aurora/translate';
import type { AttemptResult } from '../../targets/attempt-result.js';
import type { AnswerUsage } from '../../usage/request-tracker.js';
import { sendForAnswer } from '../attempt.js';
import type { MessagesCall } from '../openai/anthropic-messages.js';
import { type RelayProtocol, relayAnswer, usageField } from '../relay-answer.js';
import { anthropicPost } from './anthropic-request.js';

export interface PassthroughCall extends MessagesCall {
  /** The body as the client sent it: block types Aurora doesn't model must reach the provider intact. */
  raw: AnthropicMessagesRequest;
  clientHeaders: Record<string, string | undefined>;
}

/** Anthropic's own protocol: usage in `message_start` and `message_delta`, errors as `event: error`. */
export const anthropicRelay: RelayProtocol = {
  usageOfJson: (text) => usageField<AnswerUsage>(text, (usage) => usage),
  relayStream(onUsage) {
    const parser = createSSEParser();
    const usage: AnswerUsage = {};
    return (bytes) => {
      for (const frame of parser.feed(bytes)) {
        if (frame.event !== 'message_start' && frame.event !== 'message_delta') continue;
        try {
          const event = JSON.parse(frame.data) as { message?: { usage?: AnswerUsage }; usage?: AnswerUsage };
          Object.assign(usage, event.message?.usage ?? event.usage);
          if (frame.event === 'message_delta') onUsage(usage);
        } catch {
          // A frame we cannot read is still forwarded; only the accounting misses it.
        }
      }
      return bytes;
    };
  },
  errorFrame: (message) =>
    `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message } })}\n\n`,
};

/**
 * An Anthropic-kind provider: the request goes through unchanged but for the model name (and
 * thinking blocks that only Aurora could verify), with the client's `anthropic-version` /
 * `anthropic-beta`; the answer comes back byte for byte.
 */
export async function sendMessagesToAnthropic(call: PassthroughCall): Promise<AttemptResult> {
  const { target } = call;
  const body = JSON.stringify({ ...stripAuroraThinking(call.raw), model: target.model });
  const sent = await sendForAnswer(
    call.client,
    target.provider.name,
    anthropicPost(target.provider, '/v1/messages', body, call.clientHeaders, call.signal),
  );
  if (!sent.ok) return sent;
  return relayAnswer(call, sent.response, sent.attempts, call.request.stream === true, anthropicRelay);
}
