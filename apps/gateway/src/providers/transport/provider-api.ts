import type { CountTokensRequest } from '@aurora/translate';
import type { RuntimeProvider } from '../../registry/snapshot.js';
import type { UpstreamRequest } from './upstream-client.js';

/**
 * What the gateway knows about talking to one kind of provider, as data: the engine, count_tokens and
 * the admin "test connection" all build their requests from it.
 */
export interface ProviderApi {
  /** Appended to `base_url` for a model call. */
  modelCallPath: string;
  /** The model list (`{"data": [{"id": …}]}` for both kinds). */
  modelsPath: string;
  /** How the provider counts a request's tokens itself; absent when the kind has no such endpoint. */
  countTokens?: {
    path: string;
    /** The body for `model`, from a count_tokens request as the Anthropic ingress parsed it. */
    body(request: CountTokensRequest, model: string): string;
  };
  /** The credentials header(s) for an API key. */
  authHeaders(apiKey: string): Record<string, string>;
  /** Headers every request carries unless the client sent its own. */
  defaultHeaders: Record<string, string>;
  /** Client headers passed on when present (the provider behaves as the client expects). */
  clientHeaders: readonly string[];
}

/** `base_url` + path, tolerating a base that already ends in the path's first segment (`/v1`). */
export function upstreamUrl(baseUrl: string, path: string): string {
  const [first] = path.split('/').filter(Boolean);
  return first && baseUrl.endsWith(`/${first}`)
    ? `${baseUrl}${path.slice(first.length + 1)}`
    : `${baseUrl}${path}`;
}

/** Where and with which key a request goes: a configured provider, or one the admin is trying out. */
export type ProviderEndpoint = Pick<RuntimeProvider, 'baseUrl' | 'apiKey' | 'headers'>;

interface ApiCall {
  method: 'GET' | 'POST';
  path: string;
  body?: string | Uint8Array;
  clientHeaders?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/** A request to a provider: its API's headers, the client's forwarded ones, the key, then the operator's own headers. */
export function apiRequest(endpoint: ProviderEndpoint, api: ProviderApi, call: ApiCall): UpstreamRequest {
  const forwarded: Record<string, string> = {};
  for (const name of api.clientHeaders) {
    const value = call.clientHeaders?.[name];
    if (value) forwarded[name] = value;
  }
  return {
    url: upstreamUrl(endpoint.baseUrl.replace(/\/+$/, ''), call.path),
    method: call.method,
    headers: {
      ...(call.body === undefined
        ? { accept: 'application/json' }
        : { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }),
      ...api.defaultHeaders,
      ...forwarded,
      ...(endpoint.apiKey ? api.authHeaders(endpoint.apiKey) : {}),
      // The operator's own headers win: some gateways put their credentials in a custom header.
      ...endpoint.headers,
    },
    ...(call.body === undefined ? {} : { body: call.body }),
    ...(call.signal ? { signal: call.signal } : {}),
  };
}
