import { upstreamErrorMessage, upstreamErrorToAnthropic } from '@aurora/translate';
import { errorStatus, GatewayError } from '../errors/gateway-error.js';
import { retryAfterMs } from './transport/retry-policy.js';
import type { UpstreamError } from './transport/upstream-error.js';

/** A failure worth trying on the next fallback target rather than reporting at once. */
export function isFallbackWorthy(status: number): boolean {
  return (
    status === 408 || status === 429 || status >= 500 || status === 401 || status === 403 || status === 404
  );
}

/**
 * Maps an upstream's error response to the error the client sees, keeping the upstream's
 * message; translate's table decides the type (a context overflow becomes `prompt is too long…`).
 */
export function upstreamStatusError(
  providerName: string,
  status: number,
  bodyText: string,
  headers: Record<string, string>,
): GatewayError {
  const message = upstreamErrorMessage(bodyText);
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
      // Claude Code waits at least `retry-after`: the provider's wait (in either spelling), else one second.
      const waitMs = retryAfterMs(headers, Date.now());
      return new GatewayError('rate_limit_error', from, {
        retryAfterSeconds: waitMs !== undefined && waitMs > 0 ? Math.ceil(waitMs / 1000) : 1,
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
 * An error object a provider put inside a 200 answer, mapped like an HTTP failure, so that before the
 * first byte it can fall back and after it the client sees the error type it would have seen as a
 * status. OpenRouter sends the status it would have used as `code`; Anthropic names an error type.
 */
export function inStreamFailure(
  providerName: string,
  error: unknown,
): { error: GatewayError; status: number } {
  const fields = (error && typeof error === 'object' ? error : { message: String(error) }) as {
    code?: unknown;
    status?: unknown;
    type?: unknown;
  };
  const typed =
    typeof fields.type === 'string' && fields.type in errorStatus
      ? errorStatus[fields.type as keyof typeof errorStatus]
      : undefined;
  const status =
    [fields.code, fields.status].find((value): value is number => typeof value === 'number') ?? typed ?? 502;
  return { error: upstreamStatusError(providerName, status, JSON.stringify({ error }), {}), status };
}
