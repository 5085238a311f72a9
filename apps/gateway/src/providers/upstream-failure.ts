import { upstreamErrorToAnthropic } from '@aurora/translate';
import { GatewayError } from '../errors/gateway-error.js';
import type { UpstreamError } from './upstream-error.js';

/** Pulls a human message out of whatever error body a provider sent (OpenAI, Anthropic or plain). */
export function upstreamMessage(bodyText: string): string {
  try {
    const body = JSON.parse(bodyText) as Record<string, unknown>;
    const error = body.error as Record<string, unknown> | string | undefined;
    if (typeof error === 'string') return error;
    if (error && typeof error.message === 'string') return error.message;
    if (typeof body.message === 'string') return body.message;
    if (typeof body.detail === 'string') return body.detail;
  } catch {
    // Not JSON: the text itself is the message.
  }
  return bodyText.trim().slice(0, 500) || 'no error message';
}

/** A failure worth trying on the next fallback target rather than reporting at once. */
export function isFallbackWorthy(status: number): boolean {
  return (
    status === 408 || status === 429 || status >= 500 || status === 401 || status === 403 || status === 404
  );
}

/**
 * Maps an upstream's error response to the error the client sees (SPEC §3), keeping the upstream's
 * message; translate's table decides the type (a context overflow becomes `prompt is too long…`).
 */
export function upstreamStatusError(
  providerName: string,
  status: number,
  bodyText: string,
  headers: Record<string, string>,
): GatewayError {
  const message = upstreamMessage(bodyText);
  const code = /"code"\s*:\s*"context_length_exceeded"/.test(bodyText)
    ? 'context_length_exceeded'
    : undefined;
  const mapped = upstreamErrorToAnthropic({ status, code, message });
  if (mapped.type === 'invalid_request_error' && mapped.message.startsWith('prompt is too long')) {
    return new GatewayError(
      'invalid_request_error',
      `prompt is too long: ${providerName} answered ${status}: ${message}`,
    );
  }
  const from = `${providerName} answered ${status}: ${message}`;
  switch (mapped.type) {
    // The gateway's own provider credentials are wrong: a 401 would make Claude Code ask for a new login.
    case 'authentication_error':
    case 'permission_error':
      return new GatewayError('api_error', `${from} (check the provider's API key in Aurora)`, {
        status: 502,
      });
    case 'rate_limit_error': {
      const retryAfter = Number(headers['retry-after']);
      return new GatewayError('rate_limit_error', from, {
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : undefined,
      });
    }
    case 'api_error':
      return new GatewayError('api_error', from, { status: 502 });
    default:
      return new GatewayError(mapped.type, from);
  }
}

export function upstreamTransportError(providerName: string, error: UpstreamError): GatewayError {
  switch (error.kind) {
    case 'first_byte_timeout':
    case 'idle_timeout':
      return new GatewayError('api_error', `${providerName} timed out: ${error.message}`, { status: 504 });
    case 'aborted':
      return new GatewayError('api_error', 'The client closed the request', { status: 499 });
    default:
      return new GatewayError('api_error', `${providerName} could not be reached: ${error.message}`, {
        status: 502,
      });
  }
}

/**
 * An error object a provider put inside a 200 stream (OpenRouter does, with the HTTP status it would
 * have sent as `code`): mapped like an HTTP failure, so that before the first byte it can fall back
 * and after it the client sees the same error type it would have seen as a status.
 */
export function inStreamFailure(
  providerName: string,
  error: unknown,
): { error: GatewayError; status: number } {
  const fields = (error && typeof error === 'object' ? error : { message: String(error) }) as {
    code?: unknown;
    status?: unknown;
  };
  const status =
    [fields.code, fields.status].find((value): value is number => typeof value === 'number') ?? 502;
  return { error: upstreamStatusError(providerName, status, JSON.stringify({ error }), {}), status };
}
