import { describe, expect, it } from 'vitest';
import { type SSEPump, sseBody } from './sse-response.js';

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
