import { type CountTokensRequest, stripAuroraThinking } from '@aurora/translate';
import type { RouteTarget } from '../../routing/resolve-route.js';
import type { UpstreamClient } from '../upstream-client.js';
import { providerPost } from '../upstream-request.js';

/**
 * Asks an Anthropic-kind provider for its own count. Undefined when it can't (not every
 * Anthropic-compatible API has the endpoint): the caller then counts locally. Never retried and
 * never a reason to mark the provider unhealthy (F8).
 */
export async function forwardCountTokens(
  client: UpstreamClient,
  target: RouteTarget,
  request: CountTokensRequest,
  clientHeaders: Record<string, string | undefined>,
): Promise<number | undefined> {
  const extra: Record<string, string> = { 'anthropic-version': clientHeaders['anthropic-version'] ?? '2023-06-01' };
  if (clientHeaders['anthropic-beta']) extra['anthropic-beta'] = clientHeaders['anthropic-beta'];
  const body = JSON.stringify({ ...stripAuroraThinking({ ...request, max_tokens: 1 }), max_tokens: undefined, model: target.model });
  try {
    const response = await client.send(
      providerPost(
        target.provider,
        '/v1/messages/count_tokens',
        body,
        { 'x-api-key': target.provider.apiKey ?? '' },
        AbortSignal.timeout(10_000),
        extra,
      ),
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
