import {
  type AnthropicMessagesRequest,
  type CountTokensRequest,
  countTokensRequestSchema,
} from '@aurora/translate';
import { Hono } from 'hono';
import { autoModeCompletion } from '../auto-mode/answer-completion.js';
import { dangerousToolUseCheck } from '../auto-mode/safeguards.js';
import type { Caller } from '../caller.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { AppEnv } from '../http/app-env.js';
import { parseJsonBody, readBodyText } from '../http/json-body.js';
import { parseMessagesBody } from '../http/messages-body.js';
import { readRequestBody } from '../http/request-body.js';
import { countTokensUpstream } from '../providers/count-tokens.js';
import { resolveRoute } from '../routing/resolve-route.js';
import { countTokensOnce, estimateRequestTokens } from '../tokens/count-tokens.js';
import { serveModelRequest } from './model-request.js';
import type { RouteDeps } from './route-deps.js';

function requireIngress(enabled: boolean): void {
  if (!enabled) {
    throw new GatewayError(
      'not_found_error',
      'The Anthropic Messages ingress is turned off on this gateway (enable_anthropic_ingress: false)',
    );
  }
}

/** Headers of the client's that an Anthropic-kind provider may need (the engine picks what each kind takes). */
function clientHeaders(c: { req: { header(name: string): string | undefined } }) {
  return {
    'anthropic-version': c.req.header('anthropic-version'),
    'anthropic-beta': c.req.header('anthropic-beta'),
  };
}

/** Whose parsed and translated turns a request may reuse: each API key's own, and the master key's. */
const callerScope = (caller: Caller) => (caller.kind === 'key' ? `key:${caller.key.id}` : 'master');

/** `POST /v1/messages` and `POST /v1/messages/count_tokens`; any query string (`?beta=true`) is ignored. */
export function messagesRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/v1/messages', async (c) => {
    requireIngress(deps.config.enable_anthropic_ingress);
    const requestBody = await readRequestBody(c);
    const scope = callerScope(c.get('caller'));
    const {
      raw,
      data: parsed,
      chars,
      texts,
      rest,
      longStrings,
    } = parseMessagesBody(requestBody, deps.turns, scope);
    // Auto mode's check: the user's environment in it must not reach logs or translated requests;
    // an Anthropic-kind provider still gets it in `raw`.
    const { safeguards, ...body } = parsed;
    const check = dangerousToolUseCheck(safeguards);
    const dropped: string[] = [];
    const response = await serveModelRequest(
      c,
      deps,
      {
        protocol: 'anthropic',
        body,
        raw: raw as AnthropicMessagesRequest,
        sent: requestBody,
        turns: texts && {
          store: deps.turns.translated,
          scope,
          texts,
          rest: rest === undefined ? undefined : { text: rest, store: deps.turns.rests },
          longStrings,
        },
        clientHeaders: clientHeaders(c),
        estimatedInputTokens: estimateRequestTokens(body, chars),
        dropped,
      },
      (route) =>
        check
          ? {
              completeAnswer: autoModeCompletion({
                settings: deps.config,
                deps,
                caller: c.get('caller'),
                alias: route.alias,
                sessionId: c.req.header('x-claude-code-session-id'),
                requestId: c.get('requestId'),
                request: body,
                classifierContext: check.classifierContext,
                signal: c.req.raw.signal,
              }),
            }
          : {},
    );
    if (dropped.length > 0)
      deps.logger.debug({ request_id: c.get('requestId'), dropped }, 'fields not sent upstream');
    return response;
  });

  app.post('/v1/messages/count_tokens', async (c) => {
    requireIngress(deps.config.enable_anthropic_ingress);
    const text = await readBodyText(c);
    const { raw, data: request } = parseJsonBody(text, countTokensRequestSchema);
    const route = resolveRoute(deps.registry.current(), request.model, c.get('caller'));
    const counted = await countTokensUpstream(
      deps.upstream,
      route.targets[0]!,
      raw as CountTokensRequest,
      clientHeaders(c),
    );
    return c.json({ input_tokens: counted ?? (await countTokensOnce(text, request)) });
  });

  return app;
}
