import {
  anthropicMessageSchema,
  anthropicResponseToOpenAI,
  anthropicStreamEventSchema,
  createAnthropicStreamToOpenAI,
  createSSEParser,
  encodeOpenAIChunk,
  OPENAI_STREAM_DONE,
  type OpenAIChatChunk,
  openAIRequestToAnthropic,
  type SSEEvent,
} from '@aurora/translate';
import type { Codec, InStreamFailure, OpenAIClientRequest, StreamStep } from '../codec.js';
import { inStreamFailure } from '../upstream-failure.js';
import { OPENAI_PING, openAIErrorFrame } from './client-frames.js';
import { CUT_SHORT, cutShortFailure } from './cut-short.js';
import { offeredTools } from './offered-tools.js';

const encodeChunks = (chunks: OpenAIChatChunk[]) => chunks.map(encodeOpenAIChunk).join('');

/** OpenAI Chat Completions in, an Anthropic-kind provider behind: translated there and back. */
export const openAIClientAnthropicUpstream: Codec<OpenAIClientRequest> = {
  upstreamBody(request, { route, target }) {
    const body = openAIRequestToAnthropic(offeredTools(route.alias, request.body), {
      model: target.model,
      maxOutputTokens: route.alias?.max_output_tokens,
      reasoning: route.alias?.reasoning,
      params: route.alias?.params,
    });
    return JSON.stringify(body);
  },

  readJson(text, _request, { route }) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const message = anthropicMessageSchema.safeParse(parsed);
    if (!message.success) return { ok: false, reason: 'the answer is not an Anthropic message' };
    if (message.data.stop_reason === null) return { ok: false, reason: CUT_SHORT };
    return {
      ok: true,
      body: JSON.stringify(anthropicResponseToOpenAI(message.data, { model: route.requested })),
      contentType: 'application/json',
      usage: message.data.usage,
    };
  },

  openStream(request, { route, target }, _holdEnding, frames) {
    const translator = createAnthropicStreamToOpenAI({
      model: route.requested,
      includeUsage: request.body.stream_options?.include_usage === true,
    });
    const parser = createSSEParser(frames);
    let done = false;

    const translate = (frames: SSEEvent[], atEnd: boolean): StreamStep => {
      let out = '';
      let usage: StreamStep['usage'];
      let failure: InStreamFailure | undefined;
      for (const frame of frames) {
        if (done) break;
        let json: unknown;
        try {
          json = JSON.parse(frame.data);
        } catch {
          continue;
        }
        const event = anthropicStreamEventSchema.safeParse(json);
        if (!event.success) continue;
        if (event.data.type === 'error') {
          failure = inStreamFailure(target.provider.name, event.data.error);
          out += openAIErrorFrame(failure.error) + OPENAI_STREAM_DONE;
          done = true;
          break;
        }
        if (event.data.type === 'message_start') usage = { ...usage, ...event.data.message.usage };
        if (event.data.type === 'message_delta') usage = { ...usage, ...event.data.usage };
        out += encodeChunks(translator.push(event.data));
        if (event.data.type === 'message_stop') {
          out += encodeChunks(translator.finish()) + OPENAI_STREAM_DONE;
          done = true;
        }
      }
      // No `message_stop`: the answer was cut, and neither a finish chunk nor `[DONE]` may say otherwise.
      if (atEnd && !done) {
        failure = cutShortFailure(target.provider.name);
        out += openAIErrorFrame(failure.error);
        done = true;
      }
      return { out, usage, failure, done };
    };

    return {
      push: (bytes) => translate(parser.feed(bytes), false),
      end: () => translate(parser.flush(), true),
      ping: () => OPENAI_PING,
      fail: openAIErrorFrame,
    };
  },
};
