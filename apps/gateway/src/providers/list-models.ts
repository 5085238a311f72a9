import type { ProviderKind, ProviderTestResult } from '@aurora/contract';
import { upstreamErrorMessage } from '@aurora/translate';
import { providerApis } from './provider-apis.js';
import { apiRequest, type ProviderEndpoint } from './transport/provider-api.js';
import type { UpstreamClient } from './transport/upstream-client.js';
import { UpstreamError } from './transport/upstream-error.js';

const TIMEOUT_MS = 10_000;
const MAX_MESSAGE_CHARS = 500;

/** Some upstreams echo the key they refused; it must never reach the UI. */
function withoutSecret(message: string, secret: string | undefined): string {
  const clean = secret ? message.replaceAll(secret, '***') : message;
  return clean.length > MAX_MESSAGE_CHARS ? `${clean.slice(0, MAX_MESSAGE_CHARS)}…` : clean;
}

function modelIds(body: unknown): string[] | undefined {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  return data
    .map((model) => (model as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string');
}

/**
 * Asks a provider for its model list, through the same transport and API facts as a model call: proves
 * the URL, the key and the headers together, and gives the admin UI model names to suggest.
 */
export async function listUpstreamModels(
  client: UpstreamClient,
  kind: ProviderKind,
  endpoint: ProviderEndpoint,
): Promise<ProviderTestResult> {
  const api = providerApis[kind];
  const request = apiRequest(endpoint, api, {
    method: 'GET',
    path: api.modelsPath,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const url = request.url;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failure = (message: string, status?: number): ProviderTestResult => ({
    ok: false,
    ...(status === undefined ? {} : { status }),
    message: withoutSecret(message, endpoint.apiKey),
    latency_ms: elapsed(),
  });

  let status: number;
  let text: string;
  try {
    const response = await client.send(request);
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (error instanceof UpstreamError && error.kind === 'aborted') {
      return failure(`${url} did not answer within ${TIMEOUT_MS / 1000} s`);
    }
    return failure(`could not reach ${url}: ${(error as Error).message}`);
  }
  if (status < 200 || status > 299)
    return failure(`${url} answered ${status}: ${upstreamErrorMessage(text)}`, status);

  let ids: string[] | undefined;
  try {
    ids = modelIds(JSON.parse(text));
  } catch {
    ids = undefined;
  }
  if (!ids) return failure(`${url} did not answer with a model list ({"data": [{"id": ...}]})`, status);
  return { ok: true, models: ids.sort(), latency_ms: elapsed() };
}
