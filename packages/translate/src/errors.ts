import type { AnthropicErrorType } from './anthropic/message.js';

/** A request or answer that cannot be translated; `type` is the Anthropic error type the gateway answers with. */
export class TranslationError extends Error {
  override readonly name = 'TranslationError';
  constructor(
    readonly type: AnthropicErrorType,
    message: string,
  ) {
    super(message);
  }
}

// Providers word context overflow differently; Claude Code compacts only on `prompt is too long`.
const CONTEXT_OVERFLOW =
  /context[_ ]length|context window|maximum context|prompt is too long|input is too long|reduce the length of the (?:messages|input|prompt)/i;
// Overload and rate limits as providers name them in a code or message when the status says nothing
// (an error object inside a 200 stream, or a bare 500): Claude Code retries each its own way.
const OVERLOADED = /overloaded|server is busy|capacity|temporarily unavailable/i;
const RATE_LIMITED = /rate[_ ]limit|too many requests|quota exceeded/i;

/**
 * Maps an upstream failure (HTTP status, OpenAI-style `code`, message) to the Anthropic error that
 * Claude Code reacts to correctly (the error table in docs/translation.md).
 */
export function upstreamErrorToAnthropic(err: {
  status?: number | null;
  code?: string | number | null;
  message?: string | null;
}): { type: AnthropicErrorType; message: string } {
  const message = err.message || 'upstream provider error';
  const code = typeof err.code === 'string' ? err.code : undefined;
  const status = err.status ?? (typeof err.code === 'number' ? err.code : undefined);
  if (code === 'context_length_exceeded' || CONTEXT_OVERFLOW.test(message)) {
    return {
      type: 'invalid_request_error',
      message: message.startsWith('prompt is too long') ? message : `prompt is too long: ${message}`,
    };
  }
  if (status === 429 || code === 'rate_limit_exceeded') return { type: 'rate_limit_error', message };
  if (status === 529 || status === 503) return { type: 'overloaded_error', message };
  const named = `${code ?? ''} ${message}`;
  if (status === undefined || status >= 500) {
    if (OVERLOADED.test(named)) return { type: 'overloaded_error', message };
    if (RATE_LIMITED.test(named)) return { type: 'rate_limit_error', message };
  }
  if (status === 401) return { type: 'authentication_error', message };
  if (status === 403) return { type: 'permission_error', message };
  if (status === 413) return { type: 'request_too_large', message };
  if (status === 400 || status === 422) return { type: 'invalid_request_error', message };
  return { type: 'api_error', message };
}

/** The human message in an upstream error body (OpenAI, Anthropic or plain text), at most 500 characters. */
export function upstreamErrorMessage(bodyText: string): string {
  try {
    const body = JSON.parse(bodyText) as Record<string, unknown>;
    const error = body.error as Record<string, unknown> | string | undefined;
    if (typeof error === 'string') return error;
    if (error && typeof error.message === 'string') return error.message;
    if (typeof body.message === 'string') return body.message;
    if (typeof body.detail === 'string') return body.detail;
  } catch {
    // Not JSON (a proxy's text or HTML page): the text itself is the best explanation there is.
  }
  return bodyText.trim().slice(0, 500) || 'no error message';
}
