import {
  type AnthropicMessagesRequest,
  anthropicMessagesRequestSchema,
  type CountTokensRequest,
  countTokensRequestSchema,
} from '@aurora/translate';
import { Hono } from 'hono';
import { GatewayError } from '../errors/gateway-error.js';
import type { AppEnv } from '../http/app-env.js';
import { parseJsonBody, readBodyText } from '../http/json-body.js';
import { sendMessagesToAnthropic } from '../providers/anthropic/anthropic-messages.js';
import { forwardCountTokens } from '../providers/anthropic/count-tokens.js';
import { type MessagesCall, sendMessagesToOpenAI } from '../providers/openai/anthropic-messages.js';
import { resolveRoute } from '../routing/resolve-route.js';
import { countTokensOnce, estimateRequestTokens } from '../tokens/count-tokens.js';
import { offeredTools, serveModelRequest } from './model-request.js';
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
    const { raw, data: request } = parseJsonBody(body, anthropicMessagesRequestSchema);
    const estimatedInputTokens = estimateRequestTokens(request, body.length);
    const dropped: string[] = [];
    const clientHeaders = {
      'anthropic-version': c.req.header('anthropic-version'),
      'anthropic-beta': c.req.header('anthropic-beta'),
    };
    const response = await serveModelRequest(c, deps, 'anthropic', request, (hooks) => {
      const offered = offeredTools(hooks.route.alias, request, dropped);
      const call: MessagesCall = {
        ...hooks,
        request: offered,
        client: deps.upstream,
        estimatedInputTokens,
        dropped,
      };
      return hooks.target.provider.kind === 'anthropic'
        ? sendMessagesToAnthropic({
            ...call,
            raw: offeredTools(hooks.route.alias, raw as AnthropicMessagesRequest),
            clientHeaders,
          })
        : sendMessagesToOpenAI(call);
    });
    if (dropped.length > 0)
      deps.logger.debug({ request_id: c.get('requestId'), dropped }, 'fields not sent upstream');
    return response;
  });

  app.post('/v1/messages/count_tokens', async (c) => {
    requireIngress(deps.config.enable_anthropic_ingress);
    const body = await readBodyText(c);
    const { raw, data: request } = parseJsonBody(body, countTokensRequestSchema);
    const route = resolveRoute(deps.registry.current(), request.model, c.get('caller'));
    const target = route.targets[0]!;
    if (target.provider.kind === 'anthropic') {
      const counted = await forwardCountTokens(deps.upstream, target, raw as CountTokensRequest, {
        'anthropic-version': c.req.header('anthropic-version'),
        'anthropic-beta': c.req.header('anthropic-beta'),
      });
      if (counted !== undefined) return c.json({ input_tokens: counted });
    }
    return c.json({ input_tokens: countTokensOnce(body, request) });
  });

  return app;
}
