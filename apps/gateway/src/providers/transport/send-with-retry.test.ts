import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScriptedUpstream, startScriptedUpstream } from '../../../test/support/scripted-upstream.js';
import { type RetryClock, sendWithRetry } from './send-with-retry.js';
import { createUpstreamClient, type UpstreamClient, type UpstreamRequest } from './upstream-client.js';
import { UpstreamError } from './upstream-error.js';

let upstream: ScriptedUpstream;
let client: UpstreamClient;

beforeEach(async () => {
  upstream = await startScriptedUpstream();
  client = createUpstreamClient({ connectTimeoutMs: 200, firstByteTimeoutMs: 300, idleTimeoutMs: 300 });
});

afterEach(async () => {
  await upstream.close();
  await client.close();
});

/** A clock that only moves when the retry loop sleeps, and remembers every sleep. */
function fakeClock(random = 0.5): RetryClock & { sleeps: number[] } {
  let now = Date.parse('2025-01-01T00:00:00Z');
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random: () => random,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

function chatRequest(overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return {
    url: `${upstream.url}/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-upstream-secret' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    ...overrides,
  };
}

const overloaded = (headers: Record<string, string> = {}) => ({
  status: 503,
  body: { error: { message: 'overloaded' } },
  headers,
});

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('sendWithRetry', () => {
  it('retries a 503 and returns the 200 that follows, counting both attempts', async () => {
    const clock = fakeClock();
    upstream.enqueue(overloaded(), { json: { ok: true } });
    const { response, attempts } = await sendWithRetry(client, chatRequest(), {}, clock);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(attempts).toBe(2);
    expect(upstream.requests).toHaveLength(2);
    expect(upstream.requests[1]?.body).toEqual(upstream.requests[0]?.body);
    expect(clock.sleeps).toEqual([188]);
  });

  it('really waits between attempts with the system clock', async () => {
    upstream.enqueue(overloaded(), { json: { ok: true } });
    const startedAt = Date.now();
    const { attempts } = await sendWithRetry(client, chatRequest(), { baseDelayMs: 100 });
    expect(attempts).toBe(2);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(50);
  });

  it.each([
    ['retry-after in seconds', { 'retry-after': '2' }, 2_000],
    ['retry-after as an HTTP date', { 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }, 7_000],
    ['retry-after-ms', { 'retry-after-ms': '1250' }, 1_250],
  ])('waits as long as %s says', async (_name, headers, expectedMs) => {
    const clock = fakeClock();
    upstream.enqueue(
      { status: 429, body: { error: { message: 'slow down' } }, headers },
      { json: { ok: true } },
    );
    const { response, attempts } = await sendWithRetry(client, chatRequest(), {}, clock);
    expect(response.status).toBe(200);
    expect(attempts).toBe(2);
    expect(clock.sleeps).toEqual([expectedMs]);
  });

  it('honours a short retry-after-ms in real time', async () => {
    upstream.enqueue({ status: 429, body: 'busy', headers: { 'retry-after-ms': '150' } }, { json: {} });
    const startedAt = Date.now();
    const { attempts } = await sendWithRetry(client, chatRequest());
    expect(attempts).toBe(2);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(145);
  });

  it.each([400, 401, 404, 422, 501])(
    'returns a %i at once, body intact, without retrying',
    async (status) => {
      const clock = fakeClock();
      upstream.enqueue({ status, body: { error: { message: `nope ${status}` } } });
      const { response, attempts } = await sendWithRetry(client, chatRequest(), {}, clock);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ error: { message: `nope ${status}` } });
      expect(attempts).toBe(1);
      expect(upstream.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    },
  );

  it('returns the last failing response once maxAttempts requests were made', async () => {
    const clock = fakeClock();
    upstream.enqueue(overloaded(), overloaded(), { ...overloaded(), body: { error: { message: 'third' } } });
    const { response, attempts } = await sendWithRetry(client, chatRequest(), {}, clock);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { message: 'third' } });
    expect(attempts).toBe(3);
    expect(upstream.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([188, 375]);
  });

  it('returns a 429 at once when its retry-after would end past the time budget', async () => {
    const clock = fakeClock();
    upstream.enqueue({
      status: 429,
      body: { error: { message: 'later' } },
      headers: { 'retry-after': '60' },
    });
    const { response, attempts } = await sendWithRetry(client, chatRequest(), {}, clock);
    expect(response.status).toBe(429);
    expect(attempts).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('stops when the next backoff would exceed maxElapsedMs', async () => {
    const clock = fakeClock(1);
    upstream.setDefault(overloaded());
    const { attempts } = await sendWithRetry(
      client,
      chatRequest(),
      { maxAttempts: 10, maxElapsedMs: 1_000, baseDelayMs: 200, maxDelayMs: 8_000 },
      clock,
    );
    // 200 + 400 = 600 ms spent; the next wait (800 ms) would end at 1 400 ms.
    expect(clock.sleeps).toEqual([200, 400]);
    expect(attempts).toBe(3);
  });

  it('retries a refused connection and throws the last connect error with the attempts made', async () => {
    const clock = fakeClock();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const error = await failure(
      sendWithRetry(client, chatRequest({ url: `http://127.0.0.1:${port}/v1/chat/completions` }), {}, clock),
    );
    expect(error.kind).toBe('connect');
    expect(error.attempts).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(error.message).not.toContain('sk-upstream-secret');
  });

  it('retries a first-byte timeout', async () => {
    const clock = fakeClock();
    upstream.enqueue({ hang: true }, { json: { ok: true } });
    const { response, attempts } = await sendWithRetry(client, chatRequest(), {}, clock);
    expect(await response.json()).toEqual({ ok: true });
    expect(attempts).toBe(2);
  });

  it('does not retry a connection dropped after the request went out', async () => {
    const clock = fakeClock();
    upstream.enqueue({ destroy: true }, { json: { ok: true } });
    const error = await failure(sendWithRetry(client, chatRequest(), {}, clock));
    expect(error.kind).toBe('protocol');
    expect(error.attempts).toBe(1);
    expect(upstream.requests).toHaveLength(1);
  });

  it('never retries once the response was handed back, even if its body then fails', async () => {
    upstream.enqueue({ sse: ['data: 1\n\n', 'data: 2\n\n'], delayMs: 2_000 }, { json: { ok: true } });
    const { response, attempts } = await sendWithRetry(client, chatRequest(), {}, fakeClock());
    expect(attempts).toBe(1);
    const error = await failure(response.text());
    expect(error.kind).toBe('idle_timeout');
    expect(upstream.requests).toHaveLength(1);
  });

  it('stops at once when the caller aborts during a backoff', async () => {
    const controller = new AbortController();
    upstream.enqueue(overloaded({ 'retry-after': '10' }));
    setTimeout(() => controller.abort(), 100);
    const startedAt = Date.now();
    const error = await failure(sendWithRetry(client, chatRequest({ signal: controller.signal })));
    expect(error.kind).toBe('aborted');
    expect(error.attempts).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(upstream.requests).toHaveLength(1);
  });

  it('stops at once when the caller aborts during an attempt', async () => {
    const controller = new AbortController();
    upstream.enqueue({ hang: true });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(
      sendWithRetry(client, chatRequest({ signal: controller.signal }), {}, fakeClock()),
    );
    expect(error.kind).toBe('aborted');
    expect(error.attempts).toBe(1);
    expect(upstream.requests).toHaveLength(1);
  });
});
