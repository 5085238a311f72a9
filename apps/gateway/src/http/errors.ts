/**
 * Errors are values of one class whose `type` is an Anthropic error type (SPEC §3); each surface
 * renders it in its own protocol's shape in one place (`renderError`).
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

export type ErrorSurface = 'anthropic' | 'openai' | 'admin';

export function surfaceOf(path: string): ErrorSurface {
  if (path.startsWith('/v1/chat/')) return 'openai';
  if (path.startsWith('/admin/')) return 'admin';
  return 'anthropic';
}

const openAITypes: Record<ErrorType, string> = {
  invalid_request_error: 'invalid_request_error',
  authentication_error: 'invalid_request_error',
  permission_error: 'invalid_request_error',
  not_found_error: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  rate_limit_error: 'rate_limit_exceeded',
  api_error: 'server_error',
  overloaded_error: 'server_error',
};

export function renderError(error: GatewayError, surface: ErrorSurface): Record<string, unknown> {
  switch (surface) {
    case 'anthropic':
      return { type: 'error', error: { type: error.type, message: error.message } };
    case 'openai':
      return {
        error: {
          message: error.message,
          type: openAITypes[error.type],
          param: error.options.field ?? null,
          code: error.type,
        },
      };
    case 'admin':
      return {
        error: {
          type: error.type,
          message: error.message,
          ...(error.options.field ? { field: error.options.field } : {}),
        },
      };
  }
}
