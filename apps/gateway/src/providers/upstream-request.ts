import type { RuntimeProvider } from '../registry/snapshot.js';
import type { UpstreamRequest } from './upstream-client.js';

/** `base_url` + path, tolerating a base that already ends in the path's first segment (`/v1`). */
export function upstreamUrl(baseUrl: string, path: string): string {
  const [first] = path.split('/').filter(Boolean);
  return first && baseUrl.endsWith(`/${first}`)
    ? `${baseUrl}${path.slice(first.length + 1)}`
    : `${baseUrl}${path}`;
}

/** A JSON POST to a provider with its credentials and custom headers injected. */
export function providerPost(
  provider: RuntimeProvider,
  path: string,
  body: string,
  authHeaders: Record<string, string>,
  signal: AbortSignal | undefined,
  extraHeaders: Record<string, string> = {},
): UpstreamRequest {
  return {
    url: upstreamUrl(provider.baseUrl, path),
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...extraHeaders,
      ...(provider.apiKey ? authHeaders : {}),
      ...provider.headers,
    },
    body,
    signal,
  };
}
