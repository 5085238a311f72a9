import { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import { Stream } from '@anthropic-ai/sdk/streaming';
import type { AnthropicStreamEvent } from '../src/index.js';
import { encodeAnthropicEvent } from '../src/index.js';

/**
 * The official SDK decides: our events are encoded as SSE, parsed by the SDK's own SSE reader
 * (`Stream.fromSSEResponse`, which also turns `event: error` into an APIError) and accumulated by its
 * `MessageStream`; returns the final message it builds.
 */
export async function sdkFinalMessage(events: AnthropicStreamEvent[]) {
  const body = events.map(encodeAnthropicEvent).join('');
  const response = new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  const stream = Stream.fromSSEResponse(response, new AbortController());
  const messages = MessageStream.fromReadableStream(stream.toReadableStream());
  return messages.finalMessage();
}
