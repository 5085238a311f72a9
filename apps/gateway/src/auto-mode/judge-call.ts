import type { ApiKey } from '@aurora/db';
import { type AnthropicMessagesRequest, anthropicMessageSchema } from '@aurora/translate';
import type { Caller } from '../caller.js';
import { asGatewayError } from '../errors/gateway-error.js';
import type { UpstreamClient } from '../providers/transport/upstream-client.js';
import type { Registry } from '../registry/registry.js';
import { dispatch } from '../routing/dispatch.js';
import { resolveRoute } from '../routing/resolve-route.js';
import { RequestTracker, type UsageServices } from '../usage/request-tracker.js';
import type { AskJudge, JudgeReply } from './answer-check.js';

export interface JudgeCallDeps {
  registry: Registry;
  upstream: UpstreamClient;
  usage: UsageServices;
}

const MASTER: Caller<ApiKey> = { kind: 'master' };

/**
 * Asks the judge alias through the same engine as any request: its own request-log row, billed to
 * the caller's key and counted against its limits. The operator chose the judge, so a key's
 * allow-list does not keep it from being asked. Bodies are never kept: the question holds the
 * user's environment.
 */
export function judgeAsker(
  deps: JudgeCallDeps,
  context: { caller: Caller<ApiKey>; sessionId: string | undefined; requestId: string },
): AskJudge {
  return async (request: AnthropicMessagesRequest, signal: AbortSignal): Promise<JudgeReply> => {
    const tracker = new RequestTracker(deps.usage, {
      ingress: 'anthropic',
      caller: context.caller,
      requested: request.model,
      streamed: false,
      sessionId: context.sessionId,
      // The judge's row shares the checked request's id, so one filter shows both.
      requestId: context.requestId,
    });
    try {
      const route = resolveRoute(deps.registry.current(), request.model, MASTER);
      const body = JSON.stringify(request);
      await tracker.admit(route.alias, { bodyChars: body.length, maxOutputTokens: request.max_tokens });
      const response = await dispatch(
        {
          request: {
            protocol: 'anthropic',
            body: request,
            raw: request,
            clientHeaders: {},
            estimatedInputTokens: Math.ceil(body.length / 4),
            dropped: [],
          },
          route,
          client: deps.upstream,
          hooks: {
            signal,
            headers: { 'request-id': `${context.requestId}-judge` },
            onTarget: (target) => tracker.target(target.provider.name, target.model),
            onFirstByte: () => tracker.firstByte(),
            onUsage: (usage) => tracker.addUsage(usage),
            onStreamEnd: () => {},
            // The verdict parser reads the judge's text whatever else its answer held.
            onTranslationWarnings: () => {},
          },
        },
        tracker.trace,
      );
      tracker.finish(response.status);
      const message = anthropicMessageSchema.safeParse(await response.json());
      if (!message.success) return { ok: false, reason: 'error' };
      const text = message.data.content
        .flatMap((block) => (block.type === 'text' ? [block.text] : []))
        .join('');
      return { ok: true, text, stopReason: message.data.stop_reason };
    } catch (failure) {
      const error = asGatewayError(failure);
      tracker.finish(error.status, error);
      return {
        ok: false,
        reason: error.message.startsWith('prompt is too long') ? 'input_too_long' : 'error',
      };
    }
  };
}
