import {
  type AnthropicErrorType,
  type AnthropicStreamEvent,
  anthropicErrorTypeSchema,
} from '../anthropic/message.js';
import { TranslationError, upstreamErrorToAnthropic } from '../errors.js';

/** An upstream failure to report in-stream: an Anthropic error, an HTTP-ish error, or anything thrown. */
export type StreamFailure =
  | { type: AnthropicErrorType; message: string }
  | { status?: number | null; code?: string | number | null; message?: string | null }
  | unknown;

/** Any failure → the one terminal Anthropic `error` event. */
export function streamFailureToAnthropic(failure: StreamFailure): AnthropicStreamEvent {
  let type: AnthropicErrorType;
  let message: string;
  if (failure instanceof TranslationError) ({ type, message } = failure);
  else if (failure instanceof Error)
    ({ type, message } = upstreamErrorToAnthropic({ message: failure.message }));
  else if (failure && typeof failure === 'object') {
    const f = failure as {
      type?: unknown;
      message?: unknown;
      status?: unknown;
      status_code?: unknown;
      code?: unknown;
    };
    // Groq puts the HTTP status an error stands for in `status_code`.
    const status = typeof f.status === 'number' ? f.status : f.status_code;
    ({ type, message } = upstreamErrorToAnthropic({
      status: typeof status === 'number' ? status : null,
      code: typeof f.code === 'string' || typeof f.code === 'number' ? f.code : null,
      message: typeof f.message === 'string' ? f.message : null,
    }));
    // An Anthropic error type given by the caller stands unless the message says more (context overflow).
    const given = anthropicErrorTypeSchema.safeParse(f.type);
    if (type === 'api_error' && given.success) type = given.data;
  } else ({ type, message } = upstreamErrorToAnthropic({ message: String(failure) }));
  return { type: 'error', error: { type, message } };
}
