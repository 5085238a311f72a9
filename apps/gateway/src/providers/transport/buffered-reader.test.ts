import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bufferedReader } from './buffered-reader.js';

const asText = (chunk: Uint8Array | undefined) =>
  chunk === undefined ? undefined : Buffer.from(chunk).toString();

describe('bufferedReader', () => {
  it('hands over everything that arrived at once, waits for more, and ends with undefined', async () => {
    const stream = new PassThrough();
    const read = bufferedReader(stream, (error) => error);
    stream.write('data: 1\n\n');
    stream.write('data: 2\n\n');
    expect(asText(await read())).toBe('data: 1\n\ndata: 2\n\n');
    const later = read();
    stream.write('data: 3\n\n');
    expect(asText(await later)).toBe('data: 3\n\n');
    stream.end();
    expect(await read()).toBeUndefined();
    expect(await read()).toBeUndefined();
  });

  it('reports a stream destroyed with an error, mapped, and one destroyed before its end as a premature close', async () => {
    const broken = new PassThrough();
    const readBroken = bufferedReader(broken, (error) => new Error(`mapped: ${(error as Error).message}`));
    const pending = readBroken();
    broken.destroy(new Error('socket hang up'));
    await expect(pending).rejects.toThrow('mapped: socket hang up');

    const cut = new PassThrough();
    const readCut = bufferedReader(cut, (error) => error);
    cut.write('data: 1');
    await readCut();
    const waiting = readCut();
    cut.destroy();
    await expect(waiting).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });
});
