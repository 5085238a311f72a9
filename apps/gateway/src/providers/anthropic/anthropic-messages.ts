import { createSSEParser, stripAuroraThinking } from '@aurora/translate';
import type { AttemptResult } from '../../routing/dispatch.js';
import type { AnswerUsage } from '../../usage/request-tracker.js';
import { awaitFirstBytes, sendForAnswer } from '../attempt.js';
import type { MessagesCall } from '../openai/anthropic-messages.js';
import { sseBody, sseHeaders } from '../sse-response.js';
import { anthropicPost } from './anthropic-request.js';

export interface PassthroughCall extends MessagesCall {
  clientHeaders: Record<string, string | undefined>;
}

/** Watches an Anthropic event stream for its usage without touching the bytes that go to the client. */
export function anthropicUsageWatcher(onUsage: (usage: AnswerUsage) => void) {
  const parser = createSSEParser();
  const usage: AnswerUsage = {};
  return (bytes: Uint8Array) => {
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
  };
}

/**
 * An Anthropic-kind provider: the request goes through unchanged but for the model name (and
 * thinking blocks that only Aurora could verify), with the client's `anthropic-version` /
 * `anthropic-beta`; the answer comes back byte for byte.
 */
export async function sendMessagesToAnthropic(call: PassthroughCall): Promise<AttemptResult> {
  const { target } = call;
  const provider = target.provider.name;
  const body = JSON.stringify({ ...stripAuroraThinking(call.request), model: target.model });
  const sent = await sendForAnswer(
    call.client,
    provider,
    anthropicPost(target.provider, '/v1/messages', body, call.clientHeaders, call.signal),
  );
  if (!sent.ok) return sent;
  const { response, attempts } = sent;
  const contentType = response.headers['content-type'] ?? 'application/json';

  if (!call.request.stream) {
    const text = await response.text();
    call.onFirstByte();
    try {
      call.onUsage((JSON.parse(text) as { usage: AnswerUsage }).usage);
    } catch {
      // The bytes still go to the client as the provider sent them.
    }
    return {
      ok: true,
      attempts,
      response: new Response(text, {
        status: 200,
        headers: { ...call.headers, 'content-type': contentType },
      }),
    };
  }

  const started = await awaitFirstBytes(response, provider, attempts);
  if (!started.ok) return started;
  call.onFirstByte();
  const watch = anthropicUsageWatcher(call.onUsage);
  watch(started.first);
  const decoder = new TextDecoder();
  return {
    ok: true,
    attempts,
    response: new Response(
      sseBody({
        first: decoder.decode(started.first, { stream: true }),
        async next() {
          const next = await started.rest.next();
          if (next.done) return undefined;
          watch(next.value);
          return decoder.decode(next.value, { stream: true });
        },
        // The provider sends its own pings; ours could land inside a frame split across chunks.
        ping: () => '',
        fail: (error) =>
          `event: error\ndata: ${JSON.stringify({
            type: 'error',
            error: { type: 'api_error', message: `${provider}: ${(error as Error).message}` },
          })}\n\n`,
        cleanup: (failure) => {
          response.cancel();
          call.onStreamEnd(failure);
        },
      }),
      { status: 200, headers: { ...call.headers, ...sseHeaders } },
    ),
  };
}
