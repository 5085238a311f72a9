/** Anthropic sends `ping` at least this often while the upstream is silent (SPEC §3). */
export const PING_INTERVAL_MS = 15_000;

export interface SSEPump {
  /** Writes the frames the stream starts with (already produced before the response was committed). */
  first: string;
  /** Produces the following frames; returns undefined at the end. */
  next(): Promise<string | undefined>;
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
 * `PING_INTERVAL_MS`. Cancelling (the client went away) runs `cleanup`, which aborts the upstream.
 */
export function sseBody(pump: SSEPump, pingIntervalMs = PING_INTERVAL_MS): ReadableStream<Uint8Array> {
  let timer: NodeJS.Timeout | undefined;
  let lastWrite = Date.now();
  let done = false;
  const finish = (failure?: unknown) => {
    if (done) return;
    done = true;
    clearInterval(timer);
    pump.cleanup(failure);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (!text || done) return;
        lastWrite = Date.now();
        controller.enqueue(encoder.encode(text));
      };
      write(pump.first);
      timer = setInterval(
        () => {
          if (Date.now() - lastWrite >= pingIntervalMs) write(pump.ping());
        },
        Math.max(50, Math.floor(pingIntervalMs / 3)),
      );
      timer.unref();
      (async () => {
        let failure: unknown;
        try {
          for (let frames = await pump.next(); frames !== undefined && !done; frames = await pump.next()) {
            write(frames);
          }
        } catch (error) {
          failure = error;
          write(pump.fail(error));
        }
        if (!done) {
          finish(failure);
          controller.close();
        }
      })();
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
