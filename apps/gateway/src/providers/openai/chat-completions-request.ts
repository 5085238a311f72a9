import type { RuntimeProvider } from '../../registry/snapshot.js';
import type { UpstreamRequest } from '../upstream-client.js';
import { providerPost } from '../upstream-request.js';

/** A Chat Completions call with the provider's bearer key. */
export function chatCompletionsPost(
  provider: RuntimeProvider,
  body: string,
  signal: AbortSignal,
): UpstreamRequest {
  return providerPost(
    provider,
    '/chat/completions',
    body,
    { authorization: `Bearer ${provider.apiKey}` },
    signal,
  );
}
