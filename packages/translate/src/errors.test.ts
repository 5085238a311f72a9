import { describe, expect, it } from 'vitest';
import { streamFailureToAnthropic } from './anthropic-client-openai-upstream/stream-failure-to-anthropic.js';
import { upstreamErrorToAnthropic } from './errors.js';

describe('upstreamErrorToAnthropic', () => {
  it.each([
    [{ status: 429, message: 'slow down' }, 'rate_limit_error'],
    [{ status: 529, message: 'x' }, 'overloaded_error'],
    [{ status: 503, message: 'x' }, 'overloaded_error'],
    [{ status: 500, message: 'The server is overloaded, please try again later' }, 'overloaded_error'],
    [{ code: 'overloaded', message: 'Provider returned error' }, 'overloaded_error'],
    [{ status: 500, message: 'Rate limit reached for requests' }, 'rate_limit_error'],
    [{ status: 400, message: 'Token limit reached' }, 'invalid_request_error'],
    [{ status: 400, message: 'overloaded words in a bad request' }, 'invalid_request_error'],
    [{ status: 500, message: 'boom' }, 'api_error'],
  ])('%j is a %s', (err, type) => {
    expect(upstreamErrorToAnthropic(err).type).toBe(type);
  });

  it('turns every spelling of a context overflow into "prompt is too long"', () => {
    for (const err of [
      { code: 'context_length_exceeded', message: 'too many tokens' },
      { status: 400, message: "This model's maximum context length is 131072 tokens" },
      { status: 400, message: 'Please reduce the length of the messages or completion.' },
    ]) {
      const mapped = upstreamErrorToAnthropic(err);
      expect(mapped.type).toBe('invalid_request_error');
      expect(mapped.message).toMatch(/^prompt is too long/);
    }
  });
});

describe('streamFailureToAnthropic', () => {
  it('reads the status Groq puts in status_code of an in-stream error', () => {
    const event = streamFailureToAnthropic({
      message: 'Tool choice is required, but model did not call a tool',
      code: 'tool_use_failed',
      status_code: 400,
    });
    expect(event).toEqual({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: 'Tool choice is required, but model did not call a tool',
      },
    });
  });

  it('keeps an overloaded error in the stream an overloaded_error, which Claude Code retries', () => {
    const event = streamFailureToAnthropic({ code: 502, message: 'Upstream overloaded' });
    expect(event.type === 'error' && event.error.type).toBe('overloaded_error');
  });
});
