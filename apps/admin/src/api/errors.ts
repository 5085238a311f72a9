import type { z } from 'zod';

/** An error answered by the gateway, in its `{error:{type,message,field?}}` shape. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Builds an ApiError from any response body, including proxies' HTML pages and empty bodies. */
export function parseApiError(status: number, body: unknown): ApiError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const { type, message, field } = error as Record<string, unknown>;
    return new ApiError(
      status,
      typeof type === 'string' ? type : 'api_error',
      typeof message === 'string' && message ? message : `Request failed with status ${status}`,
      typeof field === 'string' && field ? field : undefined,
    );
  }
  if (typeof body === 'string' && body.trim() && body.length < 300 && !body.trimStart().startsWith('<')) {
    return new ApiError(status, 'api_error', body.trim());
  }
  return new ApiError(status, 'api_error', `Request failed with status ${status}`);
}

/** Field path (`fallbacks.0.model`) → message; `''` holds an error that belongs to no one field. */
export type FieldErrors = Record<string, string>;

export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.');
    errors[path] ??= issue.message;
  }
  return errors;
}

/** Puts a failed request's message at the field the gateway named, or at the form when it named none. */
export function fieldErrorsFromRequest(error: unknown): FieldErrors {
  if (error instanceof ApiError) return { [error.field ?? '']: error.message };
  return { '': error instanceof Error ? error.message : String(error) };
}
