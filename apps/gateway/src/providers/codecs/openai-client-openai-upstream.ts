import {
  createSSEParser,
  encodeSSE,
  type OpenAIUsage,
  openAIRequestToOpenAI,
  openAIUsageToAnthropic,
} from '@aurora/translate';
import type { GatewayError } from '../../errors/gateway-error.js';
import type { AnswerUsage } from '../../targets/answer-usage.js';
import type { Codec, InStreamFailure, OpenAIClientRequest, StreamStep } from '../codec.js';
import { inStreamFailure } from '../upstream-failure.js';
import { endsAtFrameBoundary, OPENAI_PING, openAIErrorFrame } from './client-frames.js';
import { CUT_SHORT, cutShortFailure } from './cut-short.js';
import { offeredTools } from './offered-tools.js';
import { usageField } from './usage-field.js';

// OpenAI sends `"usage":null` in every chunk once usage is asked for: only an object is usage.
const carriesUsage = /"usage"\s*:\s*\{/;
// A named finish reason, `""` included (Snowflake Cortex ends every answer so); `null` is no finish.
const namesFinish = /"finish_reason"\s*:\s*"/;

/** A JSON answer whose choices all lack a finish reason (absent or null). */
function hasNoFinish(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false; // Not JSON: relayed as it came, as before.
  }
  const choices = (parsed as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices) || choices.length === 0) return false;
  return choices.every((choice) => (choice as { finish_reason?: unknown } | null)?.finish_reason == null);
}

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
    // A named finish in the text settles it without parsing the whole answer; only an answer that
    // names none is parsed, to tell a cut one from one that is not a completion at all.
    if (!namesFinish.test(text) && hasNoFinish(text)) return { ok: false, reason: CUT_SHORT };
    return {
      ok: true,
      body: text,
      usage: usageField<OpenAIUsage, AnswerUsage>(text, openAIUsageToAnthropic),
    };
  },

  openStream(request, { target }, _holdEnding, frames) {
    const clientWantsUsage = request.body.stream_options?.include_usage === true;
    const parser = createSSEParser(frames);
    let atBoundary = true;
    let finished = false;
    const fail = (error: GatewayError) => (atBoundary ? '' : '\n\n') + openAIErrorFrame(error);

    return {
      push(bytes): StreamStep {
        const frames = parser.feed(bytes);
        let usage: AnswerUsage | undefined;
        let failure: InStreamFailure | undefined;
        let done = false;
        for (const frame of frames) {
          if (frame.data === '[DONE]') done = finished = true;
          else if (namesFinish.test(frame.data)) finished = true;
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
          .map(encodeSSE)
          .join('');
        return { out, usage, failure, done };
      },
      end(): StreamStep {
        // A cut relayed stream would read as whole to the client: its end is the error frame instead.
        if (finished) return { out: '' };
        const failure = cutShortFailure(target.provider.name);
        return { out: fail(failure.error), failure };
      },
      ping: () => (atBoundary ? OPENAI_PING : ''),
      fail,
    };
  },
};
