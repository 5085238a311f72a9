import { GatewayError } from '../errors/gateway-error.js';
import type { AttemptResult } from '../targets/attempt-result.js';
import { sendWithRetry } from './send-with-retry.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from './upstream-client.js';
import { UpstreamError } from './upstream-error.js';
import { isFallbackWorthy, upstreamStatusError, upstreamTransportError } from './upstream-failure.js';

export type FailedAttempt = Extract<AttemptResult, { ok: false }>;

export function transportFailure(providerName: string, error: unknown, attempts: number): FailedAttempt {
  if (!(error instanceof UpstreamError)) throw error;
  return {
    ok: false,
    error: upstreamTransportError(providerName, error),
    attempts,
    // A client that went away is no reason to try the next provider.
    fallback: error.kind !== 'aborted',
  };
}

export function badAnswer(providerName: string, message: string, attempts: number): FailedAttempt {
  return {
    ok: false,
    error: new GatewayError('api_error', `${providerName}: ${message}`, { status: 502 }),
    attempts,
    fallback: true,
  };
}

/**
 * Sends with retries and hands back a 200 response, or the failure as the client would see it
 * (upstream errors mapped per SPEC §3) with whether a fallback target may still be tried.
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

/**
 * Waits for the first bytes of a streamed answer: until then a failure may still go to a fallback;
 * after it, the response is committed to the client.
 */
export async function awaitFirstBytes(
  response: UpstreamResponse,
  providerName: string,
  attempts: number,
): Promise<{ ok: true; first: Uint8Array; rest: AsyncIterator<Uint8Array> } | FailedAttempt> {
  const rest = response.body[Symbol.asyncIterator]();
  try {
    const first = await rest.next();
    if (first.done) return badAnswer(providerName, 'the stream ended before any data', attempts);
    return { ok: true, first: first.value, rest };
  } catch (error) {
    response.cancel();
    return transportFailure(providerName, error, attempts);
  }
}
