/**
 * Errors are values of one class whose `type` is an Anthropic error type (the gateway's own error
 * vocabulary); each protocol renders it in its own shape in one place (`error-body.ts`).
 */
export const errorStatus = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
} as const;

export type ErrorType = keyof typeof errorStatus;

export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly type: ErrorType,
    message: string,
    readonly options: { status?: number; field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }

  get status(): number {
    return this.options.status ?? errorStatus[this.type];
  }
}

/** Anything thrown, as the error a client is shown (an unknown failure is the gateway's own). */
export const asGatewayError = (failure: unknown): GatewayError =>
  failure instanceof GatewayError
    ? failure
    : new GatewayError('api_error', failure instanceof Error ? failure.message : String(failure));
