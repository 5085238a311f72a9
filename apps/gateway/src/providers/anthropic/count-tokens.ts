import { type CountTokensRequest, stripAuroraThinking } from '@aurora/translate';
import type { RouteTarget } from '../../targets/route-target.js';
import type { UpstreamClient } from '../upstream-client.js';
import { anthropicPost } from './anthropic-request.js';

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
  // max_tokens only satisfies the type of the shared helper; count_tokens takes no such field.
  const { max_tokens: _unused, ...counted } = stripAuroraThinking({ ...request, max_tokens: 1 });
  const body = JSON.stringify({ ...counted, model: target.model });
  try {
    const response = await client.send(
      anthropicPost(
        target.provider,
        '/v1/messages/count_tokens',
        body,
        clientHeaders,
        AbortSignal.timeout(10_000),
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
