/** The gateway writes a keep-alive at least this often while the upstream is silent, as Anthropic does. */
export const PING_INTERVAL_MS = 15_000;

/** Frames as text, or bytes relayed exactly as the provider sent them. */
export type SSEChunk = string | Uint8Array;

export interface SSEPump {
  /** The frames the stream starts with (already produced before the response was committed). */
  first: SSEChunk;
  /** Produces the following frames; returns undefined at the end. */
  next(): Promise<SSEChunk | undefined>;
  /** A keep-alive frame, or '' when none is due. */
  ping(): string;
  /** Frames that close the stream after a failure mid-way. */
  fail(error: unknown): string;
  /** Called once, however the stream ends (client gone, upstream done, failure), with the failure if any. */
  cleanup(failure?: unknown): void;
}

const encoder = new TextEncoder();

/**
 * An SSE body fed by `pump`, with keep-alive pings whenever nothing was written for
 * `PING_INTERVAL_MS`. The pump is pulled only as fast as the client reads, so a slow client slows
 * the upstream instead of filling memory. Cancelling (the client went away) runs `cleanup`, which
 * aborts the upstream.
 */
export function sseBody(pump: SSEPump, pingIntervalMs = PING_INTERVAL_MS): ReadableStream<Uint8Array> {
  let timer: NodeJS.Timeout | undefined;
  let lastWrite = Date.now();
  let done = false;
  let write: (chunk: SSEChunk) => void = () => {};
  const finish = (failure?: unknown) => {
    if (done) return;
    done = true;
    clearInterval(timer);
    pump.cleanup(failure);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      write = (chunk) => {
        if (chunk.length === 0 || done) return;
        lastWrite = Date.now();
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      };
      write(pump.first);
      const tick = Math.max(50, Math.floor(pingIntervalMs / 3));
      // Ping one tick early, so that two writes are never more than pingIntervalMs apart.
      timer = setInterval(() => {
        if (Date.now() - lastWrite >= pingIntervalMs - tick) write(pump.ping());
      }, tick);
      timer.unref();
    },
    async pull(controller) {
      let frames: SSEChunk | undefined;
      try {
        // A pull that enqueues nothing is not called again: keep going until there is something to send.
        do frames = await pump.next();
        while (frames !== undefined && frames.length === 0 && !done);
      } catch (error) {
        write(pump.fail(error));
        if (!done) {
          finish(error);
          controller.close();
        }
        return;
      }
      if (frames !== undefined) return write(frames);
      if (!done) {
        finish();
        controller.close();
      }
    },
    cancel() {
      finish(new Error('the client closed the stream'));
    },
  });
}

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Stops buffering proxies (nginx) from holding events back.
  'x-accel-buffering': 'no',
};
