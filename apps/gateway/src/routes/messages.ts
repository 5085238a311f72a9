import { anthropicMessagesRequestSchema, countTokensRequestSchema } from '@aurora/translate';
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { GatewayError } from '../http/errors.js';
import { readJsonBody } from '../http/json-body.js';
import { sendMessagesToAnthropic } from '../providers/anthropic/anthropic-messages.js';
import { sendMessagesToOpenAI } from '../providers/openai/anthropic-messages.js';
import { dispatch } from '../routing/dispatch.js';
import { resolveRoute } from '../routing/resolve-route.js';
import { countRequestTokens, estimateRequestTokens } from '../tokens/count-tokens.js';
import type { RouteDeps } from './route-deps.js';
import { forwardCountTokens } from '../providers/anthropic/count-tokens.js';

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
    const request = await readJsonBody(c, anthropicMessagesRequestSchema);
    const caller = c.get('caller');
    const route = resolveRoute(deps.registry.current(), request.model, caller);
    const estimatedInputTokens = estimateRequestTokens(request);
    const dropped: string[] = [];
    const trace = { attempts: 0 };
    const requestId = c.get('requestId');
    const clientHeaders = {
      'anthropic-version': c.req.header('anthropic-version'),
      'anthropic-beta': c.req.header('anthropic-beta'),
    };

    const response = await dispatch(
      route,
      (target) => {
        const call = {
          request,
          route,
          target,
          client: deps.upstream,
          signal: c.req.raw.signal,
          estimatedInputTokens,
          headers: { 'request-id': requestId, 'x-aurora-provider': target.provider.name, 'x-aurora-model': target.model },
          dropped,
          onFirstByte: () => {},
          onUsage: () => {},
        };
        return target.provider.kind === 'anthropic'
          ? sendMessagesToAnthropic({ ...call, clientHeaders })
          : sendMessagesToOpenAI(call);
      },
      trace,
    );
    if (dropped.length > 0) deps.logger.debug({ request_id: requestId, dropped }, 'fields not sent upstream');
    return response;
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
