import type { ProviderKind, ProviderTestResult } from '@aurora/contract';
import { upstreamErrorMessage } from '@aurora/translate';

export interface ModelListTarget {
  kind: ProviderKind;
  baseUrl: string;
  apiKey: string | undefined;
  headers: Record<string, string>;
}

const TIMEOUT_MS = 10_000;
const MAX_MESSAGE_CHARS = 500;

// Anthropic-kind base URLs stop before `/v1` (the adapter appends `/v1/messages`); OpenAI-compatible
// ones include their version segment, as in aurora.yaml's examples.
function modelsRequest(target: ModelListTarget): { url: string; headers: Record<string, string> } {
  const base = target.baseUrl.replace(/\/+$/, '');
  const auth: Record<string, string> = {};
  if (target.kind === 'anthropic') {
    auth['anthropic-version'] = '2023-06-01';
    if (target.apiKey) auth['x-api-key'] = target.apiKey;
  } else if (target.apiKey) {
    auth.authorization = `Bearer ${target.apiKey}`;
  }
  return {
    url: target.kind === 'anthropic' ? `${base}/v1/models` : `${base}/models`,
    // The operator's own headers win: some gateways put their credentials in a custom header.
    headers: { accept: 'application/json', ...auth, ...target.headers },
  };
}

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
 * Asks a provider for its model list (`POST /admin/api/providers/:id/test`): proves the URL, the key
 * and the headers together, and gives the UI model names to suggest.
 */
export async function listUpstreamModels(target: ModelListTarget): Promise<ProviderTestResult> {
  const { url, headers } = modelsRequest(target);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failure = (message: string, status?: number): ProviderTestResult => ({
    ok: false,
    ...(status === undefined ? {} : { status }),
    message: withoutSecret(message, target.apiKey),
    latency_ms: elapsed(),
  });

  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    text = await response.text();
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') {
      return failure(`${url} did not answer within ${TIMEOUT_MS / 1000} s`);
    }
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    return failure(`could not reach ${url}: ${cause}`);
  }
  if (!response.ok)
    return failure(`${url} answered ${response.status}: ${upstreamErrorMessage(text)}`, response.status);

  let ids: string[] | undefined;
  try {
    ids = modelIds(JSON.parse(text));
  } catch {
    ids = undefined;
  }
  if (!ids)
    return failure(`${url} did not answer with a model list ({"data": [{"id": ...}]})`, response.status);
  return { ok: true, models: ids.sort(), latency_ms: elapsed() };
}
