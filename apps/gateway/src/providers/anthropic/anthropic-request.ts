import type { RuntimeProvider } from '../../registry/snapshot.js';
import type { UpstreamRequest } from '../upstream-client.js';
import { providerPost } from '../upstream-request.js';

/** Client headers an Anthropic-kind upstream must see to behave as the client expects. */
const forwardedHeaders = ['anthropic-version', 'anthropic-beta'] as const;

/** A Messages API call: `x-api-key`, and the client's version and beta flags (a default version otherwise). */
export function anthropicPost(
  provider: RuntimeProvider,
  path: string,
  body: string,
  clientHeaders: Record<string, string | undefined>,
  signal: AbortSignal | undefined,
): UpstreamRequest {
  const extra: Record<string, string> = { 'anthropic-version': '2023-06-01' };
  for (const name of forwardedHeaders) {
    const value = clientHeaders[name];
    if (value) extra[name] = value;
  }
  return providerPost(provider, path, body, { 'x-api-key': provider.apiKey ?? '' }, signal, extra);
}
