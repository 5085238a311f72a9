import {
  createSSEParser,
  type OpenAIUsage,
  openAIRequestToOpenAI,
  openAIUsageToAnthropic,
} from '@aurora/translate';
import type { AnswerUsage } from '../../usage/request-tracker.js';
import type { Codec, InStreamFailure, OpenAIClientRequest, StreamStep } from '../codec.js';
import { inStreamFailure } from '../upstream-failure.js';
import { endsAtFrameBoundary, OPENAI_PING, openAIErrorFrame } from './client-frames.js';
import { offeredTools } from './offered-tools.js';
import { usageField } from './usage-field.js';

// OpenAI sends `"usage":null` in every chunk once usage is asked for: only an object is usage.
const carriesUsage = /"usage"\s*:\s*\{/;

/**
 * OpenAI Chat Completions to an OpenAI-compatible provider: the identity codec but for the target
 * model, the alias's limits and the provider's quirks. Aurora always asks for stream usage (to account
 * for it); when the client did not, the usage-only chunk is taken out, since clients that read
 * `choices[0]` of every chunk break on it.
 */
export const openAIClientOpenAIUpstream: Codec<OpenAIClientRequest> = {
  upstreamBody(request, { route, target }) {
    const body = openAIRequestToOpenAI(offeredTools(route.alias, request.body), {
      model: target.model,
      quirks: target.provider.quirks,
      maxOutputTokens: route.alias?.max_output_tokens,
      params: route.alias?.params,
    });
    return JSON.stringify(body);
  },

  readJson(text) {
    return {
      ok: true,
      body: text,
      usage: usageField<OpenAIUsage, AnswerUsage>(text, openAIUsageToAnthropic),
    };
  },

  openStream(request, { target }) {
    const clientWantsUsage = request.body.stream_options?.include_usage === true;
    const parser = createSSEParser();
    let atBoundary = true;

    return {
      push(bytes): StreamStep {
        const frames = parser.feed(bytes);
        let usage: AnswerUsage | undefined;
        let failure: InStreamFailure | undefined;
        let done = false;
        for (const frame of frames) {
          if (frame.data === '[DONE]') done = true;
          else if (frame.data.includes('"error"')) {
            try {
              const error = (JSON.parse(frame.data) as { error?: unknown }).error;
              if (error) failure = inStreamFailure(target.provider.name, error);
            } catch {
              // Not JSON: forwarded as it came.
            }
          }
          if (!carriesUsage.test(frame.data)) continue;
          usage = usageField<OpenAIUsage, AnswerUsage>(frame.data, openAIUsageToAnthropic) ?? usage;
        }
        if (clientWantsUsage) {
          if (bytes.length > 0) atBoundary = endsAtFrameBoundary(bytes);
          return { out: bytes, usage, failure, done };
        }
        // Rebuilt from whole frames only, so that a frame cut across chunks is never sent twice.
        const out = frames
          .filter((frame) => !(carriesUsage.test(frame.data) && frame.data.includes('"choices":[]')))
          .map((frame) => `data: ${frame.data}\n\n`)
          .join('');
        return { out, usage, failure, done };
      },
      end: () => ({ out: '' }),
      ping: () => (atBoundary ? OPENAI_PING : ''),
      fail: (error) => (atBoundary ? '' : '\n\n') + openAIErrorFrame(error),
    };
  },
};
