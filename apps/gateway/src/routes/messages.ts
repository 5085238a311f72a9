import { anthropicMessagesRequestSchema, countTokensRequestSchema } from '@aurora/translate';
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { GatewayError } from '../http/errors.js';
import { parseJsonBody, readBodyText, readJsonBody } from '../http/json-body.js';
import { sendMessagesToAnthropic } from '../providers/anthropic/anthropic-messages.js';
import { forwardCountTokens } from '../providers/anthropic/count-tokens.js';
import { type MessagesCall, sendMessagesToOpenAI } from '../providers/openai/anthropic-messages.js';
import { dispatch } from '../routing/dispatch.js';
import { resolveRoute } from '../routing/resolve-route.js';
import { countRequestTokens, estimateRequestTokens } from '../tokens/count-tokens.js';
import { asGatewayError, RequestTracker } from '../usage/request-tracker.js';
import type { RouteDeps } from './route-deps.js';

function requireIngress(enabled: boolean): void {
  if (!enabled) {
    throw new GatewayError(
      'not_found_error',
      'The Anthropic Messages ingress is turned off on this gateway (enable_anthropic_ingress: false)',
    );
  }
}

/** `POST /v1/messages` and `POST /v1/messages/count_tokens` (SPEC §2–§4); any query string is ignored. */
export function messagesRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/v1/messages', async (c) => {
    requireIngress(deps.config.enable_anthropic_ingress);
    const body = await readBodyText(c);
    const request = parseJsonBody(body, anthropicMessagesRequestSchema);
    const caller = c.get('caller');
    const requestId = c.get('requestId');
    const tracker = new RequestTracker(deps.usage, {
      ingress: 'anthropic',
      caller,
      requested: request.model,
      streamed: request.stream === true,
      sessionId: c.req.header('x-claude-code-session-id'),
    });
    const trace = { attempts: 0 };
    try {
      const route = resolveRoute(deps.registry.current(), request.model, caller);
      await tracker.admit(route.alias);
      if (deps.config.log_bodies) tracker.keepBodies(request);
      const estimatedInputTokens = estimateRequestTokens(request, body.length);
      const dropped: string[] = [];
      const clientHeaders = {
        'anthropic-version': c.req.header('anthropic-version'),
        'anthropic-beta': c.req.header('anthropic-beta'),
      };
      const response = await dispatch(
        route,
        (target) => {
          tracker.target(target.provider.name, target.model);
          const call: MessagesCall = {
            request,
            route,
            target,
            client: deps.upstream,
            signal: c.req.raw.signal,
            estimatedInputTokens,
            headers: {
              'request-id': requestId,
              'x-aurora-provider': target.provider.name,
              'x-aurora-model': target.model,
            },
            dropped,
            onFirstByte: () => tracker.firstByte(),
            onUsage: (usage) => tracker.addUsage(usage),
            onStreamEnd: (failure) => tracker.finish(200, failure ? asGatewayError(failure) : undefined),
          };
          return target.provider.kind === 'anthropic'
            ? sendMessagesToAnthropic({ ...call, clientHeaders })
            : sendMessagesToOpenAI(call);
        },
        trace,
      );
      tracker.setAttempts(trace.attempts);
      if (deps.config.log_bodies && !request.stream)
        tracker.keepBodies(request, await response.clone().json());
      if (!request.stream) tracker.finish(response.status);
      if (dropped.length > 0)
        deps.logger.debug({ request_id: requestId, dropped }, 'fields not sent upstream');
      return response;
    } catch (failure) {
      const error = asGatewayError(failure);
      tracker.setAttempts(trace.attempts);
      tracker.finish(error.status, error);
      throw failure;
    }
  });

  app.post('/v1/messages/count_tokens', async (c) => {
    requireIngress(deps.config.enable_anthropic_ingress);
    const request = await readJsonBody(c, countTokensRequestSchema);
    const route = resolveRoute(deps.registry.current(), request.model, c.get('caller'));
    const target = route.targets[0]!;
    if (target.provider.kind === 'anthropic') {
      const counted = await forwardCountTokens(deps.upstream, target, request, {
        'anthropic-version': c.req.header('anthropic-version'),
        'anthropic-beta': c.req.header('anthropic-beta'),
      });
      if (counted !== undefined) return c.json({ input_tokens: counted });
    }
    return c.json({ input_tokens: countRequestTokens(request) });
  });

  return app;
}
