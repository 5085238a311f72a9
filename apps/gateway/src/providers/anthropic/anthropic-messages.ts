import { createSSEParser, stripAuroraThinking } from '@aurora/translate';
import { GatewayError } from '../../http/errors.js';
import type { AnswerUsage } from '../../usage/request-tracker.js';
import type { AttemptResult } from '../../routing/dispatch.js';
import type { MessagesCall } from '../openai/anthropic-messages.js';
import { sseBody, sseHeaders } from '../sse-response.js';
import { sendWithRetry } from '../send-with-retry.js';
import { isFallbackWorthy, upstreamStatusError, upstreamTransportError } from '../upstream-failure.js';
import { UpstreamError } from '../upstream-error.js';
import { providerPost } from '../upstream-request.js';

/** Client headers an Anthropic-kind upstream must see to behave as the client expects. */
const forwardedHeaders = ['anthropic-version', 'anthropic-beta'] as const;

export interface PassthroughCall extends MessagesCall {
  clientHeaders: Record<string, string | undefined>;
}

type Usage = AnswerUsage;

/** Watches an Anthropic event stream for its usage without touching the bytes that go to the client. */
function usageWatcher(onUsage: (usage: Usage) => void) {
  const parser = createSSEParser();
  const usage: Usage = {};
  return {
    feed(bytes: Uint8Array) {
      for (const frame of parser.feed(bytes)) {
        if (frame.event !== 'message_start' && frame.event !== 'message_delta') continue;
        try {
          const event = JSON.parse(frame.data) as { message?: { usage?: Usage }; usage?: Usage };
          Object.assign(usage, event.message?.usage ?? event.usage);
          if (frame.event === 'message_delta') onUsage(usage);
        } catch {
          // A frame we cannot read is still forwarded; only the accounting misses it.
        }
      }
    },
  };
}

/**
 * An Anthropic-kind provider: the request goes through unchanged but for the model name, with the
 * client's `anthropic-version` / `anthropic-beta`; the answer comes back byte for byte.
 */
export async function sendMessagesToAnthropic(call: PassthroughCall): Promise<AttemptResult> {
  const { target } = call;
  const body = JSON.stringify({ ...stripAuroraThinking(call.request), model: target.model });
  const extra: Record<string, string> = { 'anthropic-version': '2023-06-01' };
  for (const name of forwardedHeaders) {
    const value = call.clientHeaders[name];
    if (value) extra[name] = value;
  }
  let sent: Awaited<ReturnType<typeof sendWithRetry>>;
  try {
    sent = await sendWithRetry(
      call.client,
      providerPost(target.provider, '/v1/messages', body, { 'x-api-key': target.provider.apiKey ?? '' }, call.signal, extra),
    );
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return {
      ok: false,
      error: upstreamTransportError(target.provider.name, error),
      attempts: error.attempts,
      fallback: error.kind !== 'aborted',
    };
  }
  const { response, attempts } = sent;
  if (response.status !== 200) {
    const text = await response.text().catch(() => '');
    const error = upstreamStatusError(target.provider.name, response.status, text, response.headers);
    return { ok: false, error, attempts, fallback: isFallbackWorthy(response.status) };
  }

  const contentType = response.headers['content-type'] ?? 'application/json';
  if (!call.request.stream) {
    const text = await response.text();
    call.onFirstByte();
    try {
      call.onUsage((JSON.parse(text) as { usage: Usage }).usage);
    } catch {
      // The bytes still go to the client as the provider sent them.
    }
    return {
      ok: true,
      attempts,
      response: new Response(text, { status: 200, headers: { ...call.headers, 'content-type': contentType } }),
    };
  }

  const bytes = response.body[Symbol.asyncIterator]();
  const watcher = usageWatcher(call.onUsage);
  let first: IteratorResult<Uint8Array>;
  try {
    first = await bytes.next();
  } catch (error) {
    response.cancel();
    if (!(error instanceof UpstreamError)) throw error;
    return {
      ok: false,
      error: upstreamTransportError(target.provider.name, error),
      attempts,
      fallback: error.kind !== 'aborted',
    };
  }
  if (first.done) {
    return {
      ok: false,
      error: new GatewayError('api_error', `${target.provider.name}: the stream ended before any data`, { status: 502 }),
      attempts,
      fallback: true,
    };
  }
  call.onFirstByte();
  watcher.feed(first.value);
  const decoder = new TextDecoder();
  return {
    ok: true,
    attempts,
    response: new Response(
      sseBody({
        first: decoder.decode(first.value, { stream: true }),
        async next() {
          const next = await bytes.next();
          if (next.done) return undefined;
          watcher.feed(next.value);
          return decoder.decode(next.value, { stream: true });
        },
        // The provider sends its own pings; ours could land inside a frame split across chunks.
        ping: () => '',
        fail: (error) =>
          `event: error\ndata: ${JSON.stringify({
            type: 'error',
            error: { type: 'api_error', message: `${target.provider.name}: ${(error as Error).message}` },
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
