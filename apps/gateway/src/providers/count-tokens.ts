import type { CountTokensRequest } from '@aurora/translate';
import type { RouteTarget } from '../targets/route-target.js';
import { providerApis } from './provider-apis.js';
import { apiRequest } from './transport/provider-api.js';
import type { UpstreamClient } from './transport/upstream-client.js';

const COUNT_TIMEOUT_MS = 10_000;

/**
 * Asks the target's provider for its own count. Undefined when it can't (its kind has no such
 * endpoint, or this Anthropic-compatible API lacks it): the caller then counts locally. Never retried
 * and never a reason to mark the provider unhealthy: Claude Code sends these often and only wants a number.
 */
export async function countTokensUpstream(
  client: UpstreamClient,
  target: RouteTarget,
  request: CountTokensRequest,
  clientHeaders: Record<string, string | undefined>,
): Promise<number | undefined> {
  const api = providerApis[target.provider.kind];
  if (!api.countTokens) return undefined;
  try {
    const response = await client.send(
      apiRequest(target.provider, api, {
        method: 'POST',
        path: api.countTokens.path,
        body: api.countTokens.body(request, target.model),
        clientHeaders,
        signal: AbortSignal.timeout(COUNT_TIMEOUT_MS),
      }),
    );
    if (response.status !== 200) {
      response.cancel();
      return undefined;
    }
    const answer = (await response.json()) as { input_tokens?: unknown };
    return typeof answer.input_tokens === 'number' ? answer.input_tokens : undefined;
  } catch {
    return undefined;
  }
}
