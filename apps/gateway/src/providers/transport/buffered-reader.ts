import type { Readable } from 'node:stream';

/**
 * Reads a body as whatever is buffered at each call: one promise per burst of network chunks instead
 * of one per chunk (an SSE upstream sends many small ones). Errors as the stream's async iterator would
 * report them: a stream destroyed before its end is a premature close.
 */
export function bufferedReader(
  stream: Readable,
  toError: (error: unknown) => unknown,
): () => Promise<Uint8Array | undefined> {
  let listening = false;
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const rouse = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const listen = () => {
    listening = true;
    stream.on('readable', rouse);
    stream.once('end', () => {
      ended = true;
      rouse();
    });
    stream.once('error', (error) => {
      failure ??= error;
      rouse();
    });
    stream.once('close', () => {
      if (!ended)
        failure ??= Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
      rouse();
    });
  };
  return async () => {
    if (!listening) listen();
    for (;;) {
      if (failure !== undefined) throw toError(failure);
      const chunk = stream.read() as Uint8Array | null;
      if (chunk !== null) return chunk;
      if (ended || stream.readableEnded) return undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };
}
