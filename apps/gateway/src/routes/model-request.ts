import type { Context } from 'hono';
import { asGatewayError } from '../errors/gateway-error.js';
import type { AppEnv } from '../http/app-env.js';
import { sendAnswer } from '../http/streamed-answer.js';
import type { AnswerHooks } from '../providers/answer-hooks.js';
import type { ClientRequest } from '../providers/codec.js';
import { dispatch } from '../routing/dispatch.js';
import { resolveRoute } from '../routing/resolve-route.js';
import type { ResolvedRoute } from '../targets/route-target.js';
import { RequestTracker } from '../usage/request-tracker.js';
import type { RouteDeps } from './route-deps.js';

/** A logged answer as JSON, or as the text it is when a passthrough provider sent something else. */
function loggedAnswer(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The life of one model request, shared by both ingresses: resolve the alias (400/403), admit the
 * key (budget 403, limits 429), hand it to routing, and record the request once it ends.
 */
export async function serveModelRequest(
  c: Context<AppEnv>,
  deps: RouteDeps,
  request: ClientRequest,
  /** The engine's extension points this request uses (auto mode's check), given the route it took. */
  extensionsFor: (route: ResolvedRoute) => Pick<AnswerHooks, 'completeAnswer'> = () => ({}),
): Promise<Response> {
  const caller = c.get('caller');
  const streamed = request.body.stream === true;
  const tracker = new RequestTracker(deps.usage, {
    ingress: request.protocol,
    caller,
    requested: request.body.model,
    streamed,
    sessionId: c.req.header('x-claude-code-session-id'),
    requestId: c.get('requestId'),
  });
  try {
    let route: ResolvedRoute;
    try {
      route = resolveRoute(deps.registry.current(), request.body.model, caller);
    } catch (refused) {
      await tracker.admitRefused();
      throw refused;
    }
    await tracker.admit(route.alias, {
      // Bytes, not characters: an estimate that errs high is what a reservation needs.
      bodyChars: c.get('body')?.byteLength ?? 0,
      maxOutputTokens:
        request.protocol === 'openai'
          ? (request.body.max_completion_tokens ?? request.body.max_tokens)
          : request.body.max_tokens,
    });
    if (deps.config.log_bodies) tracker.keepBodies(request.body);
    const response = await dispatch(
      {
        request,
        route,
        client: deps.upstream,
        hooks: {
          signal: c.req.raw.signal,
          headers: { 'request-id': c.get('requestId') },
          onTarget: (target) => tracker.target(target.provider.name, target.model),
          onFirstByte: () => tracker.firstByte(),
          onUsage: (usage) => tracker.addUsage(usage),
          onStreamEnd: (failure) => tracker.finish(200, failure ? asGatewayError(failure) : undefined),
          onTargetDone: (target, result, ms) =>
            tracker.attempted({
              provider: target.provider.name,
              model: target.model,
              status: result.ok ? result.response.status : result.error.status,
              tries: result.attempts,
              ms: Math.round(ms),
              ...(result.ok ? {} : { error: result.error.message.slice(0, 500) }),
            }),
          onTranslationWarnings: (provider, warnings) =>
            deps.logger.warn(
              { request_id: c.get('requestId'), provider, warnings },
              'parts of the upstream answer could not be translated',
            ),
          // The answer as text, from the engine: reading a clone of the response would decode it twice.
          ...(deps.config.log_bodies && !streamed
            ? { onAnswerBody: (text: string) => tracker.keepBodies(request.body, loggedAnswer(text)) }
            : {}),
          maxAnswerBytes: deps.config.max_upstream_answer_bytes,
          ...extensionsFor(route),
        },
      },
      tracker.trace,
    );
    if (!streamed) {
      tracker.finish(response.status);
    }
    return sendAnswer(c, response);
  } catch (failure) {
    const error = asGatewayError(failure);
    tracker.finish(error.status, error);
    throw failure;
  }
}
