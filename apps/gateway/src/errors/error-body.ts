import type { Protocol } from '@aurora/translate';
import type { ErrorType, GatewayError } from './gateway-error.js';

/** Who reads an error: each renders the same error value in its own protocol's shape. */
export type ErrorSurface = Protocol | 'admin';

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
