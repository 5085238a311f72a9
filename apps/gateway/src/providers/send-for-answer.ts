import { type FailedAttempt, transportFailure } from './failed-attempt.js';
import { sendWithRetry } from './transport/send-with-retry.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from './transport/upstream-client.js';
import type { UpstreamError } from './transport/upstream-error.js';
import { isFallbackWorthy, upstreamStatusError } from './upstream-failure.js';

/**
 * Sends with retries and hands back a 200 response, or the failure as the client would see it (the
 * upstream's status mapped to the gateway's error types) with whether a fallback target may still be tried.
 */
export async function sendForAnswer(
  client: UpstreamClient,
  providerName: string,
  request: UpstreamRequest,
): Promise<{ ok: true; response: UpstreamResponse; attempts: number } | FailedAttempt> {
  let sent: Awaited<ReturnType<typeof sendWithRetry>>;
  try {
    sent = await sendWithRetry(client, request);
  } catch (error) {
    return transportFailure(providerName, error, (error as UpstreamError).attempts ?? 1);
  }
  const { response, attempts } = sent;
  if (response.status === 200) return { ok: true, response, attempts };
  const text = await response.text().catch(() => '');
  return {
    ok: false,
    error: upstreamStatusError(providerName, response.status, text, response.headers),
    attempts,
    fallback: isFallbackWorthy(response.status),
  };
}
