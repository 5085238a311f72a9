import type { AnthropicErrorBody, AnthropicErrorType } from './anthropic/message.js';

/** A request or answer that cannot be translated; `type` is the Anthropic error type the gateway answers with. */
export class TranslationError extends Error {
  override readonly name = 'TranslationError';
  constructor(
    readonly type: AnthropicErrorType,
    message: string,
  ) {
    super(message);
  }

  toAnthropicBody(): AnthropicErrorBody {
    return { type: 'error', error: { type: this.type, message: this.message } };
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
 * Claude Code reacts to correctly (SPEC §3 error table).
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
