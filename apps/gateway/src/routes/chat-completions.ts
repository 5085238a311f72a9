import { openAIChatRequestSchema } from '@aurora/translate';
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { GatewayError } from '../http/errors.js';
import { readJsonBody } from '../http/json-body.js';
import { sendChatToAnthropic } from '../providers/anthropic/chat-completions.js';
import type { ChatCall } from '../providers/chat-call.js';
import { sendChatToOpenAI } from '../providers/openai/chat-completions.js';
import { dispatch } from '../routing/dispatch.js';
import { resolveRoute } from '../routing/resolve-route.js';
import { asGatewayError, RequestTracker } from '../usage/request-tracker.js';
import type { RouteDeps } from './route-deps.js';

/** `POST /v1/chat/completions`: the OpenAI ingress, with the same keys and aliases (SPEC §3–§4). */
export function chatCompletionsRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/v1/chat/completions', async (c) => {
    if (!deps.config.enable_openai_ingress) {
      throw new GatewayError(
        'not_found_error',
        'The OpenAI Chat Completions ingress is turned off on this gateway (enable_openai_ingress: false)',
      );
    }
    const request = await readJsonBody(c, openAIChatRequestSchema);
    const caller = c.get('caller');
    const tracker = new RequestTracker(deps.usage, {
      ingress: 'openai',
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
      const response = await dispatch(
        route,
        (target) => {
          tracker.target(target.provider.name, target.model);
          const call: ChatCall = {
            request,
            route,
            target,
            client: deps.upstream,
            signal: c.req.raw.signal,
            headers: {
              'request-id': c.get('requestId'),
              'x-aurora-provider': target.provider.name,
              'x-aurora-model': target.model,
            },
            clientHeaders: { 'anthropic-version': undefined, 'anthropic-beta': undefined },
            onFirstByte: () => tracker.firstByte(),
            onUsage: (usage) => tracker.addUsage(usage),
            onStreamEnd: (failure) => tracker.finish(200, failure ? asGatewayError(failure) : undefined),
          };
          return target.provider.kind === 'anthropic' ? sendChatToAnthropic(call) : sendChatToOpenAI(call);
        },
        trace,
      );
      tracker.setAttempts(trace.attempts);
      if (deps.config.log_bodies && !request.stream)
        tracker.keepBodies(request, await response.clone().json());
      if (!request.stream) tracker.finish(response.status);
      return response;
    } catch (failure) {
      const error = asGatewayError(failure);
      tracker.setAttempts(trace.attempts);
      tracker.finish(error.status, error);
      throw failure;
    }
  });
  return app;
}
