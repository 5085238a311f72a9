import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AnthropicMessagesRequest,
  type AnthropicStreamEvent,
  anthropicRequestToOpenAI,
  createOpenAIStreamToAnthropic,
  createSSEParser,
  encodeAnthropicEvent,
  openAIChatChunkSchema,
  openAIChatResponseSchema,
  openAIResponseToAnthropic,
  TranslationError,
} from '@aurora/translate';
import { GatewayError } from '../../errors/gateway-error.js';
import type { AttemptResult } from '../../targets/attempt-result.js';
import type { AnswerHooks } from '../answer-hooks.js';
import { badAnswer, sendForAnswer, transportFailure } from '../attempt.js';
import { sseBody, sseHeaders } from '../sse-response.js';
import type { UpstreamClient, UpstreamResponse } from '../upstream-client.js';
import { UpstreamError } from '../upstream-error.js';
import { inStreamFailure, isFallbackWorthy } from '../upstream-failure.js';
import { chatCompletionsPost } from './chat-completions-request.js';

/** One attempt of an Anthropic-ingress request (`/v1/messages`) at one target. */
export interface MessagesCall extends AnswerHooks {
  request: AnthropicMessagesRequest;
  client: UpstreamClient;
  estimatedInputTokens: number;
  /** Paths of fields dropped in translation, for the debug log. */
  dropped: string[];
}

const END_OF_BODY_GRACE_MS = 1_000;

const encodeEvents = (events: AnthropicStreamEvent[]) => events.map(encodeAnthropicEvent).join('');

function translationFailure(error: unknown, attempts: number): AttemptResult {
  if (error instanceof TranslationError) {
    return { ok: false, error: new GatewayError(error.type, error.message), attempts, fallback: false };
  }
  throw error;
}

/** Anthropic Messages in, an OpenAI-compatible provider behind: translate there and back (SPEC §3). */
export async function sendMessagesToOpenAI(call: MessagesCall): Promise<AttemptResult> {
  const { target, route } = call;
  const alias = route.alias;
  let body: string;
  try {
    const upstreamBody = anthropicRequestToOpenAI(
      call.request,
      {
        model: target.model,
        quirks: target.provider.quirks,
        maxOutputTokens: alias?.max_output_tokens,
        contextWindow: alias?.context_window,
        reasoning: alias?.reasoning,
        params: alias?.params,
        estimatedInputTokens: call.estimatedInputTokens,
      },
      call.dropped,
    );
    body = JSON.stringify(upstreamBody);
  } catch (error) {
    return translationFailure(error, 0);
  }

  const sent = await sendForAnswer(
    call.client,
    target.provider.name,
    chatCompletionsPost(target.provider, body, call.signal),
  );
  if (!sent.ok) return sent;
  return call.request.stream
    ? streamAnswer(call, sent.response, sent.attempts)
    : jsonAnswer(call, sent.response, sent.attempts);
}

async function jsonAnswer(
  call: MessagesCall,
  response: UpstreamResponse,
  attempts: number,
): Promise<AttemptResult> {
  const provider = call.target.provider.name;
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch (error) {
    return badAnswer(
      provider,
      error instanceof UpstreamError ? error.message : 'the answer is not valid JSON',
      attempts,
    );
  }
  const upstream = openAIChatResponseSchema.safeParse(parsed);
  if (!upstream.success) return badAnswer(provider, 'the answer is not a chat completion', attempts);
  let message: ReturnType<typeof openAIResponseToAnthropic>;
  try {
    message = openAIResponseToAnthropic(upstream.data, {
      model: call.route.requested,
      quirks: call.target.provider.quirks,
      estimatedInputTokens: call.estimatedInputTokens,
    });
  } catch (error) {
    return translationFailure(error, attempts);
  }
  call.onFirstByte();
  call.onUsage(message.usage);
  return {
    ok: true,
    attempts,
    response: new Response(JSON.stringify(message), {
      status: 200,
      headers: { ...call.headers, 'content-type': 'application/json' },
    }),
  };
}

/**
 * Reads the upstream until its first chunk has been translated, so that a failure before that can
 * still be retried on a fallback; then commits the response and pumps the rest.
 */
async function streamAnswer(
  call: MessagesCall,
  response: UpstreamResponse,
  attempts: number,
): Promise<AttemptResult> {
  const translator = createOpenAIStreamToAnthropic({
    model: call.route.requested,
    quirks: call.target.provider.quirks,
    estimatedInputTokens: call.estimatedInputTokens,
  });
  const parser = createSSEParser();
  const bytes = response.body[Symbol.asyncIterator]();
  let upstreamDone = false;
  let upstreamFailure: ReturnType<typeof inStreamFailure> | undefined;

  const translateFrames = (frames: ReturnType<typeof parser.feed>): AnthropicStreamEvent[] => {
    const out: AnthropicStreamEvent[] = [];
    for (const frame of frames) {
      if (frame.data === '[DONE]') {
        upstreamDone = true;
        out.push(...translator.finish());
        break;
      }
      let json: unknown;
      try {
        json = JSON.parse(frame.data);
      } catch {
        continue; // Keep-alive or vendor noise that isn't JSON: nothing to translate.
      }
      if (json && typeof json === 'object' && 'error' in json && (json as { error: unknown }).error) {
        upstreamFailure = inStreamFailure(call.target.provider.name, (json as { error: unknown }).error);
        out.push(
          ...translator.pushError({
            type: upstreamFailure.error.type,
            message: upstreamFailure.error.message,
          }),
        );
        break;
      }
      const chunk = openAIChatChunkSchema.safeParse(json);
      if (chunk.success) out.push(...translator.push(chunk.data));
    }
    return out;
  };

  const readMore = async (): Promise<AnthropicStreamEvent[] | undefined> => {
    if (upstreamDone || translator.ended) {
      // After [DONE] the body normally just ends: reading that end keeps the connection for reuse.
      // A provider that holds it open gets a second, then is cut, so the client's stream can close.
      const ended = await Promise.race([
        bytes.next().then(
          (next) => next.done === true,
          () => false,
        ),
        sleep(END_OF_BODY_GRACE_MS, false, { ref: false }),
      ]);
      if (!ended) response.cancel();
      return undefined;
    }
    const next = await bytes.next();
    if (next.done) {
      upstreamDone = true;
      return [...translateFrames(parser.flush()), ...translator.finish()];
    }
    return translateFrames(parser.feed(next.value));
  };

  // Up to the first translated event, failures still allow a fallback.
  let first: AnthropicStreamEvent[] = [];
  try {
    while (first.length === 0) {
      const events = await readMore();
      if (events === undefined) break;
      first = events;
    }
  } catch (error) {
    response.cancel();
    return transportFailure(call.target.provider.name, error, attempts);
  }
  // Nothing reached the client yet: an upstream error now is a failed attempt, not a stream.
  if (upstreamFailure) {
    response.cancel();
    const { error, status } = upstreamFailure;
    return { ok: false, error, attempts, fallback: isFallbackWorthy(status) };
  }
  if (first.length === 0) {
    response.cancel();
    return badAnswer(call.target.provider.name, 'the stream ended before any data', attempts);
  }

  call.onFirstByte();
  // An upstream error inside the stream becomes an `error` event, not an exception: remember it for the log.
  let inStreamError: Error | undefined;
  const reportUsage = (events: AnthropicStreamEvent[]) => {
    for (const event of events) {
      if (event.type === 'message_delta') call.onUsage(event.usage);
      else if (event.type === 'error') inStreamError = new Error(event.error.message);
    }
  };
  reportUsage(first);
  return {
    ok: true,
    attempts,
    response: new Response(
      sseBody({
        first: encodeEvents(first),
        async next() {
          const events = await readMore();
          if (events === undefined) return undefined;
          reportUsage(events);
          return encodeEvents(events);
        },
        ping: () => encodeEvents(translator.ping()),
        fail: (error) => {
          const message = error instanceof Error ? error.message : String(error);
          return encodeEvents(
            translator.pushError({ type: 'api_error', message: `${call.target.provider.name}: ${message}` }),
          );
        },
        cleanup: (failure) => {
          response.cancel();
          call.onStreamEnd(failure ?? inStreamError);
        },
      }),
      { status: 200, headers: { ...call.headers, ...sseHeaders } },
    ),
  };
}
