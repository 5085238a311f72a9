import { GatewayError } from '../http/errors.js';
import type { ResolvedRoute, RouteTarget } from './resolve-route.js';

/** What one target did with the request: answered (the response is the client's now), or failed. */
export type AttemptResult =
  | { ok: true; response: Response; attempts: number }
  | { ok: false; error: GatewayError; attempts: number; fallback: boolean };

export interface DispatchTrace {
  /** Upstream requests made, retries and fallbacks included. */
  attempts: number;
  target?: RouteTarget;
}

/**
 * Tries the alias's target, then each fallback in order, until one answers. A target's own retries
 * happen inside `attempt`; a response is only returned before any byte reached the client, so no
 * fallback ever follows a started answer.
 */
export async function dispatch(
  route: ResolvedRoute,
  attempt: (target: RouteTarget) => Promise<AttemptResult>,
  trace: DispatchTrace,
): Promise<Response> {
  let lastError: GatewayError | undefined;
  for (const target of route.targets) {
    trace.target = target;
    if (target.provider.secretError) {
      lastError = new GatewayError('api_error', target.provider.secretError);
      continue;
    }
    const result = await attempt(target);
    trace.attempts += result.attempts;
    if (result.ok) return result.response;
    lastError = result.error;
    if (!result.fallback) break;
  }
  throw lastError!;
}
