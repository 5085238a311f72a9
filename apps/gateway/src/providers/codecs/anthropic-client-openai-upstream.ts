import {
  type AnthropicStreamEvent,
  anthropicRequestToOpenAI,
  anthropicRequestToOpenAIBody,
  createOpenAIStreamToAnthropic,
  createRepeatedFrameParser,
  createSSEParser,
  encodeAnthropicEvent,
  type FrameShapeMemory,
  openAIAnswerToAnthropic,
  type SSEEvent,
  TranslationError,
} from '@aurora/translate';
import { errorStatus, GatewayError } from '../../errors/gateway-error.js';
import type { AnthropicClientRequest, Codec, InStreamFailure, StreamStep } from '../codec.js';
import { inStreamFailure } from '../upstream-failure.js';
import { createToolUseCollector, holdStreamEnding, jsonEnding } from './answer-ending.js';
import { ANTHROPIC_PING } from './client-frames.js';
import { offeredTools } from './offered-tools.js';

const encodeEvents = (events: AnthropicStreamEvent[]) => events.map(encodeAnthropicEvent).join('');

// What a provider's streams taught the frame parser (`createRepeatedFrameParser`), for its next
// streams: kept by the provider's object, so a reloaded configuration starts afresh and the old
// one's memory goes with it.
const frameShapes = new WeakMap<object, FrameShapeMemory>();
function frameShapesOf(provider: object): FrameShapeMemory {
  const known = frameShapes.get(provider);
  if (known) return known;
  const memory: FrameShapeMemory = {};
  frameShapes.set(provider, memory);
  return memory;
}

/** An `error` event the translator wrote itself (a stream that never started, say), as a failure. */
function translatorFailure(events: AnthropicStreamEvent[]): InStreamFailure | undefined {
  const event = events.find((each) => each.type === 'error');
  if (!event) return undefined;
  const type = event.error.type in errorStatus ? (event.error.type as keyof typeof errorStatus) : 'api_error';
  // The gateway's own verdict on what the provider sent: a bad gateway, not the gateway failing.
  const options = type === 'api_error' ? { status: 502 } : {};
  return { error: new GatewayError(type, event.error.message, options), status: errorStatus[type] };
}

/** Anthropic Messages in, an OpenAI-compatible provider behind: translated there and back. */
export const anthropicClientOpenAIUpstream: Codec<AnthropicClientRequest> = {
  upstreamBody(request, { route, target }) {
    const alias = route.alias;
    const body = offeredTools(alias, request.body, request.dropped);
    const options = {
      model: target.model,
      quirks: target.provider.quirks,
      maxOutputTokens: alias?.max_output_tokens,
      contextWindow: alias?.context_window,
      reasoning: alias?.reasoning,
      params: alias?.params,
      estimatedInputTokens: request.estimatedInputTokens,
    };
    if (!request.turns) return JSON.stringify(anthropicRequestToOpenAI(body, options, request.dropped));
    // What is reused is found by the client's text: once the alias took the tools out, that text no
    // longer says what is sent, so this variant is kept apart (still reused request after request).
    const turns =
      body === request.body
        ? request.turns
        : { ...request.turns, scope: `${request.turns.scope}\nwithout tools` };
    return anthropicRequestToOpenAIBody(body, options, turns, request.dropped);
  },

  readJson(text, request, { route, target }, holdEnding) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'the answer is not valid JSON' };
    }
    let translated: ReturnType<typeof openAIAnswerToAnthropic>;
    try {
      translated = openAIAnswerToAnthropic(parsed, {
        model: route.requested,
        quirks: target.provider.quirks,
        estimatedInputTokens: request.estimatedInputTokens,
      });
    } catch (error) {
      // What the provider said cannot be shown: the provider's fault (502), never an empty answer.
      if (error instanceof TranslationError && error.type === 'api_error')
        return { ok: false, reason: error.message };
      throw error;
    }
    const { message, warnings } = translated;
    return {
      ok: true,
      body: JSON.stringify(message),
      contentType: 'application/json',
      usage: message.usage,
      warnings,
      ...(holdEnding ? { ending: jsonEnding(message) } : {}),
    };
  },

  openStream(request, { route, target }, holdEnding, frames) {
    const translator = createOpenAIStreamToAnthropic({
      model: route.requested,
      quirks: target.provider.quirks,
      estimatedInputTokens: request.estimatedInputTokens,
    });
    const parser = createSSEParser(frames);
    const parseFrame = createRepeatedFrameParser(frameShapesOf(target.provider));
    const tools = holdEnding ? createToolUseCollector() : undefined;
    // While the ending is held the translator has finished, but the client must still get pings.
    let holding = false;

    let warned = 0;
    const translate = (frames: SSEEvent[], atEnd: boolean): StreamStep => {
      const events: AnthropicStreamEvent[] = [];
      let failure: InStreamFailure | undefined;
      let done = false;
      for (const frame of frames) {
        if (frame.data === '[DONE]') {
          done = true;
          events.push(...translator.finish({ saidDone: true }));
          break;
        }
        let json: unknown;
        try {
          json = parseFrame(frame.data);
        } catch {
          continue; // Keep-alive or vendor noise that isn't JSON: nothing to translate.
        }
        if (json && typeof json === 'object' && 'error' in json && (json as { error: unknown }).error) {
          failure = inStreamFailure(target.provider.name, (json as { error: unknown }).error);
          events.push(...translator.pushError({ type: failure.error.type, message: failure.error.message }));
          break;
        }
        events.push(...translator.push(json));
      }
      if (atEnd) events.push(...translator.finish());
      failure ??= translatorFailure(events);
      tools?.see(events);
      const usage = events.findLast((event) => event.type === 'message_delta')?.usage;
      const { now, ending } = tools
        ? holdStreamEnding(events, tools.toolUses, () => {
            holding = false;
          })
        : { now: events, ending: undefined };
      const warnings = translator.warnings.slice(warned);
      warned = translator.warnings.length;
      if (ending) holding = true;
      return { out: encodeEvents(now), usage, failure, done: done || translator.ended, ending, warnings };
    };

    return {
      push: (bytes) => translate(parser.feed(bytes), false),
      end: () => translate(parser.flush(), true),
      ping: () => (holding ? ANTHROPIC_PING : encodeEvents(translator.ping())),
      fail: (error) => encodeEvents(translator.pushError({ type: error.type, message: error.message })),
    };
  },
};
