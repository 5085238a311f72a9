import type { Ingress, ModelAlias } from '@aurora/db';
import type { Context } from 'hono';
import { asGatewayError } from '../errors/gateway-error.js';
import type { AppEnv } from '../http/app-env.js';
import type { AnswerHooks } from '../providers/answer-hooks.js';
import { dispatch } from '../routing/dispatch.js';
import { resolveRoute } from '../routing/resolve-route.js';
import type { AttemptResult } from '../targets/attempt-result.js';
import { RequestTracker } from '../usage/request-tracker.js';
import type { RouteDeps } from './route-deps.js';

/**
 * An alias marked `supports_tools: false` gets no tool definitions (F14: models that narrate tool
 * calls instead of making them are better told plainly that they have none).
 */
export function offeredTools<R extends { tools?: unknown; tool_choice?: unknown }>(
  alias: ModelAlias | undefined,
  request: R,
  dropped?: string[],
): R {
  if (alias?.supports_tools !== false || request.tools == null) return request;
  dropped?.push('tools (the alias has supports_tools: false)');
  const { tools: _tools, tool_choice: _choice, ...rest } = request;
  return rest as R;
}

/**
 * The life of one model request, shared by both ingresses: resolve the alias (400/403), admit the
 * key (budget 403, limits 429), try the targets in order, and record the request once it ends.
 */
export async function serveModelRequest(
  c: Context<AppEnv>,
  deps: RouteDeps,
  ingress: Ingress,
  request: { model: string; stream?: boolean | null },
  attempt: (hooks: AnswerHooks) => Promise<AttemptResult>,
): Promise<Response> {
  const caller = c.get('caller');
  const streamed = request.stream === true;
  const tracker = new RequestTracker(deps.usage, {
    ingress,
    caller,
    requested: request.model,
    streamed,
    sessionId: c.req.header('x-claude-code-session-id'),
    requestId: c.get('requestId'),
  });
  try {
    const route = resolveRoute(deps.registry.current(), request.model, caller);
    await tracker.admit(route.alias);
    if (deps.config.log_bodies) tracker.keepBodies(request);
    const response = await dispatch(
      route,
      async (target) => {
        tracker.target(target.provider.name, target.model);
        const began = performance.now();
        const result = await attempt({
          route,
          target,
          signal: c.req.raw.signal,
          headers: {
            'request-id': c.get('requestId'),
            'x-aurora-provider': target.provider.name,
            'x-aurora-model': target.model,
          },
          onFirstByte: () => tracker.firstByte(),
          onUsage: (usage) => tracker.addUsage(usage),
          onStreamEnd: (failure) => tracker.finish(200, failure ? asGatewayError(failure) : undefined),
        });
        tracker.attempted({
          provider: target.provider.name,
          model: target.model,
          status: result.ok ? result.response.status : result.error.status,
          tries: result.attempts,
          ms: Math.round(performance.now() - began),
          ...(result.ok ? {} : { error: result.error.message.slice(0, 500) }),
        });
        return result;
      },
      tracker.trace,
    );
    if (!streamed) {
      if (deps.config.log_bodies) tracker.keepBodies(request, await response.clone().json());
      tracker.finish(response.status);
    }
    return response;
  } catch (failure) {
    const error = asGatewayError(failure);
    tracker.finish(error.status, error);
    throw failure;
  }
}
