import type { GatewayError } from '../errors/gateway-error.js';
import type { AttemptResult } from '../targets/attempt-result.js';
import type { ResolvedRoute, RouteTarget } from '../targets/route-target.js';

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
    const result = await attempt(target);
    trace.attempts += result.attempts;
    if (result.ok) return result.response;
    lastError = result.error;
    if (!result.fallback) break;
  }
  throw lastError!;
}
