import { aliasBodySchema } from '@aurora/contract';
import { describe, expect, it } from 'vitest';
import { ApiError, fieldErrorsFromRequest, fieldErrorsFromZod, parseApiError } from './errors';

describe('parseApiError', () => {
  it('reads type, message and field from the admin API error shape', () => {
    const error = parseApiError(400, {
      error: { type: 'invalid_request_error', message: 'model is required', field: 'fallbacks.0.model' },
    });
    expect(error).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      message: 'model is required',
      field: 'fallbacks.0.model',
    });
  });

  it('reads the Anthropic error envelope that /v1/messages answers', () => {
    const error = parseApiError(400, {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'unknown alias "x"' },
    });
    expect(error.message).toBe('unknown alias "x"');
    expect(error.field).toBeUndefined();
  });

  it('keeps a short plain-text body as the message', () => {
    expect(parseApiError(502, 'Bad gateway').message).toBe('Bad gateway');
  });

  it('falls back to the status for HTML pages and empty bodies', () => {
    expect(parseApiError(502, '<html><body>nginx</body></html>').message).toBe(
      'Request failed with status 502',
    );
    expect(parseApiError(500, undefined).message).toBe('Request failed with status 500');
    expect(parseApiError(500, { error: {} }).type).toBe('api_error');
  });
});

describe('field errors', () => {
  it('maps each zod issue to its dotted path, keeping the first message per field', () => {
    const result = aliasBodySchema.safeParse({
      name: '',
      provider: 'p',
      model: 'm',
      fallbacks: [{ provider: 'p', model: '' }],
    });
    expect(result.success).toBe(false);
    const errors = fieldErrorsFromZod(result.error!);
    expect(errors.name).toBe('Name is required');
    expect(errors['fallbacks.0.model']).toBe('Model is required');
  });

  it('puts a request error at the field the gateway named, or at the form', () => {
    expect(fieldErrorsFromRequest(new ApiError(400, 'invalid_request_error', 'taken', 'name'))).toEqual({
      name: 'taken',
    });
    expect(fieldErrorsFromRequest(new ApiError(500, 'api_error', 'boom'))).toEqual({ '': 'boom' });
  });
});
