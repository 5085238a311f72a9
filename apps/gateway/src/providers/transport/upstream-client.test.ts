import { createServer, type Server } from 'node:net';
import { setImmediate } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chatChunks,
  type ScriptedUpstream,
  startScriptedUpstream,
} from '../../../test/support/scripted-upstream.js';
import {
  createUpstreamClient,
  type UpstreamClient,
  type UpstreamClientOptions,
  type UpstreamRequest,
} from './upstream-client.js';
import { UpstreamError } from './upstream-error.js';

const secret = 'sk-live-very-secret-0123456789';
const fastTimeouts: UpstreamClientOptions = {
  connectTimeoutMs: 200,
  firstByteTimeoutMs: 300,
  idleTimeoutMs: 300,
};

let upstream: ScriptedUpstream;
let client: UpstreamClient;

beforeEach(async () => {
  upstream = await startScriptedUpstream({ models: ['m-1', 'm-2'] });
  client = createUpstreamClient(fastTimeouts);
});

afterEach(async () => {
  await upstream.close();
  await client.close();
});

function chatRequest(overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return {
    url: `${upstream.url}/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ model: 'm-1', messages: [{ role: 'user', content: 'hi' }] }),
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createUpstreamClient', () => {
  it('sends the request and reads a JSON answer', async () => {
    const response = await client.send(chatRequest());
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(await response.json()).toMatchObject({
      choices: [{ message: { content: 'echo: hi' } }],
    });
    expect(upstream.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'm-1' },
      headers: { authorization: `Bearer ${secret}` },
    });
  });

  it('reuses one keep-alive connection for requests made one after another', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await client.send({ url: `${upstream.url}/models`, method: 'GET', headers: {} });
      await response.text();
      // undici hands the socket back to the pool just after the body ends, not before text() resolves.
      await setImmediate();
    }
    const ports = new Set(upstream.requests.map((request) => request.remotePort));
    expect(upstream.requests).toHaveLength(3);
    expect(ports.size).toBe(1);
  });

  it('opens no more connections to one origin than connectionsPerOrigin, queueing the rest', async () => {
    const bounded = createUpstreamClient({ ...fastTimeouts, connectionsPerOrigin: 2 });
    upstream.setDefault({ json: { ok: true }, delayMs: 60 });
    const responses = await Promise.all(
      Array.from({ length: 6 }, async () => (await bounded.send(chatRequest())).json()),
    );
    await bounded.close();
    expect(responses).toEqual(Array(6).fill({ ok: true }));
    expect(new Set(upstream.requests.map((request) => request.remotePort)).size).toBe(2);
  });

  it("asks for gzip and br instead of forwarding the client's accept-encoding, and decodes gzip", async () => {
    upstream.enqueue({ json: { greeting: 'hello' }, gzip: true });
    const response = await client.send(chatRequest({ headers: { 'accept-encoding': 'gzip, br, zstd' } }));
    expect(upstream.requests[0]?.headers['accept-encoding']).toBe('gzip, br');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(await response.json()).toEqual({ greeting: 'hello' });
  });

  it.each(['br', 'deflate'] as const)('decodes a %s body', async (encoding) => {
    upstream.enqueue({ json: { encoding }, encoding });
    const response = await client.send(chatRequest());
    expect(await response.json()).toEqual({ encoding });
  });

  it('decodes an error body too, so that the upstream message survives', async () => {
    upstream.enqueue({ json: { error: { message: 'bad model' } }, status: 400, gzip: true });
    const response = await client.send(chatRequest());
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: 'bad model' } });
  });

  it("drops framing headers copied from the client's own request", async () => {
    const response = await client.send(
      chatRequest({
        headers: {
          host: 'gateway.example',
          'content-length': '3',
          connection: 'keep-alive',
          'x-title': 'aurora',
        },
      }),
    );
    await response.text();
    const seen = upstream.requests[0]?.headers;
    expect(seen?.host).toBe(new URL(upstream.url).host);
    expect(seen?.['x-title']).toBe('aurora');
    expect(upstream.requests[0]?.body).toMatchObject({ model: 'm-1' });
  });

  it('hands SSE chunks over as they arrive, before the stream ends', async () => {
    upstream.enqueue({ sse: chatChunks({ content: 'abcdefghij', fragmentSize: 5 }), delayMs: 40 });
    const startedAt = Date.now();
    const response = await client.send(chatRequest());
    const arrivals: number[] = [];
    let text = '';
    for (let chunk = await response.read(); chunk !== undefined; chunk = await response.read()) {
      arrivals.push(Date.now() - startedAt);
      text += Buffer.from(chunk).toString('utf8');
    }
    expect(text).toContain('"content":"abcde"');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(arrivals.length).toBeGreaterThan(2);
    expect(arrivals[0]).toBeLessThan(arrivals.at(-1)! - 100);
  });

  describe('failures', () => {
    it('reports a refused connection as a connect error', async () => {
      const port = await closedPort();
      const error = await failure(
        client.send(chatRequest({ url: `http://127.0.0.1:${port}/v1/chat/completions` })),
      );
      expect(error.kind).toBe('connect');
      expect(error.message).toContain(`POST http://127.0.0.1:${port}/v1/chat/completions`);
    });

    it('gives up connecting after connectTimeoutMs (a TLS handshake that never completes)', async () => {
      const silent: Server = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      const startedAt = Date.now();
      const error = await failure(
        client.send(chatRequest({ url: `https://127.0.0.1:${port}/v1/chat/completions` })),
      );
      silent.close();
      expect(error.kind).toBe('connect');
      expect(error.message).toContain('within 200 ms');
      expect(Date.now() - startedAt).toBeLessThan(1_500);
    });

    it('times out when the upstream accepts the request but sends no headers', async () => {
      upstream.enqueue({ hang: true });
      const startedAt = Date.now();
      const error = await failure(client.send(chatRequest()));
      expect(error.kind).toBe('first_byte_timeout');
      expect(error.message).toContain('within 300 ms');
      expect(Date.now() - startedAt).toBeLessThan(1_500);
    });

    it('times out while reading the body when the upstream goes silent between chunks', async () => {
      // undici checks body timeouts on a coarse (~0.5 s) clock, hence a gap well beyond idleTimeoutMs.
      upstream.enqueue({ sse: ['data: {"n":1}\n\n', 'data: {"n":2}\n\n'], delayMs: 2_000 });
      const response = await client.send(chatRequest());
      expect(response.status).toBe(200);
      const error = await failure(response.text());
      expect(error.kind).toBe('idle_timeout');
      expect(error.message).toContain('300 ms');
    });

    it('reads a slow stream to the end when every gap is shorter than idleTimeoutMs', async () => {
      upstream.enqueue({ sse: ['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n', 'data: 4\n\n'], delayMs: 150 });
      const response = await client.send(chatRequest());
      expect(await response.text()).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: [DONE]\n\n');
    });

    it('reports a connection dropped mid-stream as a protocol error', async () => {
      upstream.enqueue({ sse: chatChunks({ content: 'a long answer' }), dropAfter: 2 });
      const response = await client.send(chatRequest());
      const error = await failure(response.text());
      expect(error.kind).toBe('protocol');
    });

    it('reports a connection closed before any response as a protocol error, not a connect error', async () => {
      upstream.enqueue({ destroy: true });
      const error = await failure(client.send(chatRequest()));
      expect(error.kind).toBe('protocol');
    });

    it('rejects a content-encoding it did not ask for', async () => {
      upstream.enqueue({ json: {}, headers: { 'content-encoding': 'zstd' } });
      const error = await failure(client.send(chatRequest()));
      expect(error.kind).toBe('protocol');
      expect(error.message).toContain('zstd');
    });
  });

  describe('abort', () => {
    it('aborts the upstream request mid-stream when the caller aborts, closing its connection', async () => {
      upstream.enqueue({ sse: chatChunks({ content: 'x'.repeat(200), fragmentSize: 10 }), delayMs: 50 });
      const controller = new AbortController();
      const response = await client.send(chatRequest({ signal: controller.signal }));
      await response.read();
      expect(upstream.openConnections()).toBe(1);
      const abortedAt = Date.now();
      controller.abort();
      const error = await failure(response.read());
      expect(error.kind).toBe('aborted');
      expect(Date.now() - abortedAt).toBeLessThan(100);
      await expect.poll(() => upstream.openConnections(), { timeout: 1_000 }).toBe(0);
    });

    it('aborts a request still waiting for headers', async () => {
      upstream.enqueue({ hang: true });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await failure(client.send(chatRequest({ signal: controller.signal })));
      expect(error.kind).toBe('aborted');
    });

    it('does not send a request whose signal is already aborted', async () => {
      const error = await failure(client.send(chatRequest({ signal: AbortSignal.abort() })));
      expect(error.kind).toBe('aborted');
      expect(upstream.requests).toHaveLength(0);
    });
  });

  describe('credentials', () => {
    const keyedRequest = (url: string, overrides: Partial<UpstreamRequest> = {}) =>
      chatRequest({
        url: `${url}?key=${secret}`,
        headers: { authorization: `Bearer ${secret}`, 'x-api-key': secret },
        ...overrides,
      });

    it('never puts headers or the query string into error messages', async () => {
      const port = await closedPort();
      upstream.enqueue({ hang: true });
      const errors = [
        await failure(client.send(keyedRequest(`http://127.0.0.1:${port}/v1/chat/completions`))),
        await failure(client.send(keyedRequest(`${upstream.url}/chat/completions`))),
        // undici refuses the header value; its message must not echo it.
        await failure(
          client.send(
            keyedRequest(`${upstream.url}/chat/completions`, {
              headers: { authorization: `Bearer ${secret}\r\n` },
            }),
          ),
        ),
      ];
      expect(errors.map((error) => error.kind)).toEqual(['connect', 'first_byte_timeout', 'protocol']);
      for (const error of errors) {
        expect(error.message).not.toContain(secret);
        expect(String(error.stack)).not.toContain(secret);
      }
    });
  });
});
