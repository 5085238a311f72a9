import { GatewayError } from '../errors/gateway-error.js';
import { callTarget, type ModelCall } from '../providers/call-target.js';

export interface DispatchTrace {
  /** Upstream requests made, retries and fallbacks included. */
  attempts: number;
}

/**
 * Tries the route's first target, then each fallback in order, until one answers. A target's own
 * retries happen inside the engine; a response is only returned before any byte reached the client,
 * so no fallback ever follows a started answer.
 */
export async function dispatch(call: ModelCall, trace: DispatchTrace): Promise<Response> {
  let lastError: GatewayError | undefined;
  for (const target of call.route.targets) {
    call.hooks.onTarget(target);
    // Never called without its key: the request fails (or falls back) saying why.
    if (target.provider.secretError) {
      lastError = new GatewayError('api_error', target.provider.secretError);
      continue;
    }
    const began = performance.now();
    const result = await callTarget(call, target);
    call.hooks.onTargetDone?.(target, result, performance.now() - began);
    trace.attempts += result.attempts;
    if (result.ok) return result.response;
    lastError = result.error;
    if (!result.fallback) break;
  }
  throw lastError!;
}
