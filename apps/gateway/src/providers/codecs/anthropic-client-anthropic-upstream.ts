import { createSSEParser, stripAuroraThinking } from '@aurora/translate';
import { GatewayError } from '../../errors/gateway-error.js';
import type { AnswerUsage } from '../../targets/answer-usage.js';
import type { AnthropicClientRequest, Codec, InStreamFailure, StreamStep } from '../codec.js';
import { inStreamFailure } from '../upstream-failure.js';
import { ANTHROPIC_PING, anthropicErrorFrame, endsAtFrameBoundary } from './client-frames.js';
import { offeredTools } from './offered-tools.js';
import { spliceModel } from './splice-model.js';
import { usageField } from './usage-field.js';

/**
 * Anthropic Messages to an Anthropic-kind provider: the identity codec. The request goes as the client
 * sent it but for the model name (and thinking blocks only Aurora could verify); the answer comes back
 * byte for byte, read on the side for usage, errors and its end. Nothing is held back for the
 * answer-completion hook: the provider answers for itself.
 */
export const anthropicClientAnthropicUpstream: Codec<AnthropicClientRequest> = {
  upstreamBody(request, { route, target }) {
    const sent = stripAuroraThinking(offeredTools(route.alias, request.raw));
    // Nothing but the model changes: the client's own bytes go, without a whole-body serialisation.
    const spliced =
      sent === request.raw && request.sent ? spliceModel(request.sent.text, sent, target.model) : undefined;
    return spliced ?? JSON.stringify({ ...sent, model: target.model });
  },

  readJson(text) {
    return { ok: true, body: text, usage: usageField<AnswerUsage, AnswerUsage>(text, (usage) => usage) };
  },

  openStream(_request, { target }, _holdEnding, frames) {
    const parser = createSSEParser(frames);
    const usage: AnswerUsage = {};
    let atBoundary = true;
    // message_stop or an error seen: the stream ended as Anthropic streams end.
    let ended = false;

    return {
      push(bytes): StreamStep {
        let reported: AnswerUsage | undefined;
        let failure: InStreamFailure | undefined;
        let done = false;
        for (const frame of parser.feed(bytes)) {
          if (frame.event === 'message_stop') done = ended = true;
          if (frame.event !== 'message_start' && frame.event !== 'message_delta' && frame.event !== 'error') {
            continue;
          }
          try {
            const event = JSON.parse(frame.data) as {
              message?: { usage?: AnswerUsage };
              usage?: AnswerUsage;
              error?: unknown;
            };
            if (frame.event === 'error') {
              ended = true;
              failure = inStreamFailure(target.provider.name, event.error);
              continue;
            }
            Object.assign(usage, event.message?.usage ?? event.usage);
            if (frame.event === 'message_delta') reported = { ...usage };
          } catch {
            // A frame we cannot read is still forwarded; only the accounting misses it.
          }
        }
        if (bytes.length > 0) atBoundary = endsAtFrameBoundary(bytes);
        return { out: bytes, usage: reported, failure, done };
      },
      end(): StreamStep {
        if (ended) return { out: '' };
        // Cut short: what the client has must not pass for a whole answer, whatever it holds.
        const error = new GatewayError(
          'api_error',
          `${target.provider.name}: the stream ended without message_stop (cut short)`,
          { status: 502 },
        );
        return {
          out: (atBoundary ? '' : '\n\n') + anthropicErrorFrame(error),
          failure: { error, status: 502 },
          done: true,
        };
      },
      ping: () => (atBoundary ? ANTHROPIC_PING : ''),
      fail: (error) => (atBoundary ? '' : '\n\n') + anthropicErrorFrame(error),
    };
  },
};
