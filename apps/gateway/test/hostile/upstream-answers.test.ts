import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMessages, type TestGateway } from '../support/gateway.js';
import { startHealthProbe } from '../support/health-probe.js';
import { startHostileGateway } from './hostile-gateway.js';

const MB = 1024 * 1024;

/** Writes `total` bytes of `fill` in 64 KB pieces, waiting for the socket each time. */
async function writeMany(res: ServerResponse, fill: Buffer, total: number): Promise<void> {
  for (let sent = 0; sent < total && !res.destroyed; sent += fill.length) {
    if (!res.write(fill)) await new Promise((resolve) => res.once('drain', resolve));
  }
}

/**
 * A provider gone wrong, by path: `/bomb/v1/chat/completions` answers a gzip body that inflates to
 * 1 GB (1,024 concatenated members of 1 MB of spaces: 1 MB on the wire); `/long-line/...` streams
 * one SSE line of 64 MB; `/long-event/...` one event of 16 MB in `data:` lines of 64 KB.
 */
async function startBrokenProvider(): Promise<{ url: string; close(): Promise<void> }> {
  const member = gzipSync(Buffer.alloc(MB, ' '));
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/bomb/')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        void writeMany(res, member, member.length * 1_024).then(() => res.end());
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (req.url?.startsWith('/long-event/')) {
        const line = Buffer.from(`data: ${'x'.repeat(64 * 1024 - 7)}\n`);
        void writeMany(res, line, 16 * MB).then(() => res.end('\n'));
        return;
      }
      const text = 'x'.repeat(64 * MB - 200);
      res.write(
        `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"`,
      );
      void writeMany(res, Buffer.from(text.slice(0, 64 * 1024)), text.length).then(() => {
        res.write(`"},"finish_reason":null}]}\n\n`);
        res.write(
          `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`,
        );
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('upstream answers too large or too long', () => {
  let provider: Awaited<ReturnType<typeof startBrokenProvider>>;
  let small: TestGateway;
  let roomy: TestGateway;
  const providers = () => [
    { name: 'bomb', kind: 'openai', base_url: `${provider.url}/bomb/v1`, api_key: 'sk-b' },
    { name: 'long-line', kind: 'openai', base_url: `${provider.url}/long-line/v1`, api_key: 'sk-l' },
    { name: 'long-event', kind: 'openai', base_url: `${provider.url}/long-event/v1`, api_key: 'sk-e' },
  ];
  const aliases = [
    { name: 'bomb', provider: 'bomb', model: 'm' },
    { name: 'long-line', provider: 'long-line', model: 'm' },
    { name: 'long-event', provider: 'long-event', model: 'm' },
  ];

  beforeAll(async () => {
    provider = await startBrokenProvider();
    small = await startHostileGateway({
      max_upstream_answer_bytes: 8 * MB,
      providers: providers(),
      aliases,
    });
    roomy = await startHostileGateway({
      max_upstream_answer_bytes: 80 * MB,
      providers: providers(),
      aliases,
    });
  });
  afterAll(async () => {
    await small?.stop();
    await roomy?.stop();
    await provider?.close();
  });

  const ask = (gw: TestGateway, model: string, stream: boolean) =>
    postMessages(gw.url, { model, max_tokens: 8, stream, messages: [{ role: 'user', content: 'hi' }] });

  it('refuses a gzip bomb with a 502 naming the limit, without inflating it in memory', {
    timeout: 120_000,
  }, async () => {
    const rssBefore = process.memoryUsage().rss;
    const response = await ask(small, 'bomb', false);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.message).toContain('max_upstream_answer_bytes');
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MB);
  });

  it('refuses an SSE line over the limit with a 502', { timeout: 120_000 }, async () => {
    const response = await ask(small, 'long-line', true);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'an SSE line is larger than the 8388608-byte limit',
    );
  });

  it('refuses an SSE event over the limit with a 502, however short its lines', {
    timeout: 120_000,
  }, async () => {
    const response = await ask(small, 'long-event', true);
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'an SSE event is larger than the 8388608-byte limit',
    );
  });

  it('reads a 64 MB SSE line in linear time, /health answering meanwhile', { timeout: 120_000 }, async () => {
    const probe = startHealthProbe(roomy.url);
    const started = performance.now();
    const response = await ask(roomy, 'long-line', true);
    const text = await response.text();
    const tookMs = performance.now() - started;
    const samples = await probe.stop();
    expect(response.status).toBe(200);
    expect(text).toContain('"stop_reason":"end_turn"');
    expect(text.length).toBeGreaterThan(64 * MB - 1_000);
    // Quadratic buffering took 61 s for this line; linear is a few seconds even on a loaded machine.
    expect(tookMs).toBeLessThan(30_000);
    expect(Math.max(...samples.map((sample) => sample.cpuMs))).toBeLessThan(1_000);
  });
});
