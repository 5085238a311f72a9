import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type SSEPump, sseBody, writeSSE } from './sse-response.js';

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>)
    text += decoder.decode(chunk, { stream: true });
  return text;
}

function pump(frames: (string | Error)[], delayMs: number, ended: unknown[]): SSEPump {
  let index = 0;
  return {
    first: 'event: message_start\n\n',
    async next() {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const frame = frames[index++];
      if (frame instanceof Error) throw frame;
      return frame;
    },
    allSaid: () => false,
    // Like the translators: no ping once the last frame went out.
    ping: () => (index >= frames.length ? '' : 'event: ping\n\n'),
    fail: (error) => `event: error\ndata: ${(error as Error).message}\n\n`,
    cleanup: (failure) => ended.push(failure ?? 'ok'),
  };
}

describe('sseBody', () => {
  it('sends pings while the upstream is silent, then the frames, and cleans up once', async () => {
    const ended: unknown[] = [];
    const text = await readAll(sseBody(pump(['event: message_stop\n\n'], 250, ended), 60));
    expect(text.startsWith('event: message_start\n\n')).toBe(true);
    expect(text.match(/event: ping/g)?.length).toBeGreaterThanOrEqual(2);
    expect(text.endsWith('event: message_stop\n\n')).toBe(true);
    expect(ended).toEqual(['ok']);
  });

  it('ends a stream that fails mid-way with the failure frame and reports the failure', async () => {
    const ended: unknown[] = [];
    const broken = new Error('upstream went away');
    const text = await readAll(sseBody(pump(['event: a\n\n', broken], 5, ended), 10_000));
    expect(text).toBe('event: message_start\n\nevent: a\n\nevent: error\ndata: upstream went away\n\n');
    expect(ended).toEqual([broken]);
  });

  it('cleans up when the client cancels, so the upstream request is dropped', async () => {
    const ended: unknown[] = [];
    const stream = sseBody(pump(['event: a\n\n', 'event: b\n\n'], 200, ended), 10_000);
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(ended).toHaveLength(1);
    expect((ended[0] as Error).message).toBe('the client closed the stream');
  });
});

describe('sseBody with frames that translate to nothing', () => {
  it('keeps pulling past empty results instead of stalling the client', async () => {
    const ended: unknown[] = [];
    const frames = ['', '', 'event: a\n\n', '', 'event: b\n\n'];
    let index = 0;
    const stream = sseBody(
      {
        first: '',
        next: async () => frames[index++],
        allSaid: () => false,
        ping: () => '',
        fail: () => '',
        cleanup: (failure) => ended.push(failure ?? 'ok'),
      },
      10_000,
    );
    expect(await readAll(stream)).toBe('event: a\n\nevent: b\n\n');
    expect(ended).toEqual(['ok']);
  });
});

/** A loopback server that answers one request with `writeSSE(make())`; the client's response. */
async function served(make: (res: ServerResponse) => SSEPump, pingMs: number) {
  const server = createServer((_req, res) =>
    writeSSE(make(res), res, 200, { 'content-type': 'text/event-stream' }, pingMs),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    httpRequest({ host: '127.0.0.1', port, path: '/' }, resolve).on('error', reject).end(),
  );
  return { response, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function readNode(response: IncomingMessage): Promise<string> {
  let text = '';
  response.setEncoding('utf8');
  for await (const chunk of response) text += chunk;
  return text;
}

describe('writeSSE (straight to the node response)', () => {
  it('sends the status, pings while the upstream is silent, then the frames, and cleans up once', async () => {
    const ended: unknown[] = [];
    const { response, close } = await served(() => pump(['event: message_stop\n\n'], 250, ended), 60);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    const text = await readNode(response);
    expect(text.startsWith('event: message_start\n\n')).toBe(true);
    expect(text.match(/event: ping/g)?.length).toBeGreaterThanOrEqual(2);
    expect(text.endsWith('event: message_stop\n\n')).toBe(true);
    expect(ended).toEqual(['ok']);
    await close();
  });

  it('ends a stream that fails mid-way with the failure frame and reports the failure', async () => {
    const ended: unknown[] = [];
    const broken = new Error('upstream went away');
    const { response, close } = await served(() => pump(['event: a\n\n', broken], 5, ended), 10_000);
    expect(await readNode(response)).toBe(
      'event: message_start\n\nevent: a\n\nevent: error\ndata: upstream went away\n\n',
    );
    expect(ended).toEqual([broken]);
    await close();
  });

  it('cleans up when the client closes the connection, so the upstream request is dropped', async () => {
    const ended: unknown[] = [];
    let cleaned = () => {};
    const done = new Promise<void>((resolve) => {
      cleaned = resolve;
    });
    const { response, close } = await served(() => {
      const inner = pump(['event: a\n\n', 'event: b\n\n'], 200, ended);
      return {
        ...inner,
        cleanup: (failure) => {
          inner.cleanup(failure);
          cleaned();
        },
      };
    }, 10_000);
    await new Promise((resolve) => response.once('data', resolve));
    response.destroy();
    await done;
    expect(ended).toHaveLength(1);
    expect((ended[0] as Error).message).toBe('the client closed the stream');
    await close();
  });

  it('pulls the next frames only once the client took the last ones', async () => {
    const big = 'x'.repeat(256 * 1024);
    let pulled = 0;
    let pulledWhileFull = 0;
    const { response, close } = await served(
      (res) => ({
        first: '',
        next: async () => {
          if (res.writableNeedDrain) pulledWhileFull++;
          return pulled++ < 40 ? big : undefined;
        },
        allSaid: () => false,
        ping: () => '',
        fail: () => '',
        cleanup: () => {},
      }),
      10_000,
    );
    expect((await readNode(response)).length).toBe(40 * big.length);
    expect(pulledWhileFull).toBe(0);
    await close();
  });
});

describe('a stream whose last word is said while the upstream body stays open', () => {
  /** Frames, the last of them said; the read of the upstream's end waits on `upstreamEnds`. */
  function lastWordPump(ended: unknown[]) {
    let endRead = () => {};
    const upstreamEnds = new Promise<undefined>((resolve) => {
      endRead = () => resolve(undefined);
    });
    const frames = ['event: a\n\n', 'event: message_stop\n\n'];
    let index = 0;
    const pump: SSEPump = {
      first: 'event: message_start\n\n',
      next: async () => (index < frames.length ? frames[index++] : upstreamEnds),
      allSaid: () => index >= frames.length,
      ping: () => 'event: ping\n\n',
      fail: () => '',
      cleanup: (failure) => ended.push(failure ?? 'ok'),
    };
    return { pump, endRead };
  }

  it('ends the node response with the last frames at once, and cleans up only after the upstream ends', async () => {
    const ended: unknown[] = [];
    const { pump: made, endRead } = lastWordPump(ended);
    const { response, close } = await served(() => made, 10_000);
    expect(await readNode(response)).toBe('event: message_start\n\nevent: a\n\nevent: message_stop\n\n');
    expect(ended).toEqual([]);
    endRead();
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toEqual(['ok']);
    await close();
  });

  it('closes the web body with the last frames at once, and cleans up only after the upstream ends', async () => {
    const ended: unknown[] = [];
    const { pump: made, endRead } = lastWordPump(ended);
    expect(await readAll(sseBody(made, 10_000))).toBe(
      'event: message_start\n\nevent: a\n\nevent: message_stop\n\n',
    );
    expect(ended).toEqual([]);
    endRead();
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toEqual(['ok']);
  });
});
