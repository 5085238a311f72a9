import type { ServerResponse } from 'node:http';
import { type PingedStream, schedulePings } from './ping-scheduler.js';

/** The gateway writes a keep-alive at least this often while the upstream is silent, as Anthropic does. */
const PING_INTERVAL_MS = 15_000;

/** Frames as text, or bytes relayed exactly as the provider sent them. */
export type SSEChunk = string | Uint8Array;

export interface SSEPump {
  /** The frames the stream starts with (already produced before the response was committed). */
  first: SSEChunk;
  /** Produces the following frames; returns undefined at the end. */
  next(): Promise<SSEChunk | undefined>;
  /**
   * True once `next()` has produced the stream's last frames: the client's response ends with them
   * at once, and one more `next()` only reads the upstream's end (for connection reuse) before cleanup.
   */
  allSaid(): boolean;
  /** A keep-alive frame, or '' when none is due. */
  ping(): string;
  /** Frames that close the stream after a failure mid-way. */
  fail(error: unknown): string;
  /** Called once, however the stream ends (client gone, upstream done, failure), with the failure if any. */
  cleanup(failure?: unknown): void;
}

/** Where a stream's frames go: the client's node response, or a web stream when there is none. */
interface SSESink {
  /** Writes the chunk; false once the client's buffer is full. */
  write(chunk: SSEChunk): boolean;
  /** Resolves once the client takes more, or is gone. */
  drained(): Promise<void>;
  /** Ends the response, with `last` written in the same go (one socket write, not two). */
  end(last?: SSEChunk): void;
}

/**
 * Feeds `pump` into `sink`, with keep-alive pings whenever nothing was written for `pingIntervalMs`.
 * The pump is pulled only as fast as the client reads, so a slow client slows the upstream instead of
 * filling memory. Returns what to call when the client goes away: it runs `cleanup`, which aborts the
 * upstream.
 */
function pumpInto(pump: SSEPump, sink: SSESink, pingIntervalMs: number): () => void {
  let done = false;
  const write = (chunk: SSEChunk): boolean => {
    if (chunk.length === 0 || done) return true;
    pinged.lastWrite = Date.now();
    return sink.write(chunk);
  };
  const pinged: PingedStream = { lastWrite: Date.now(), ping: () => write(pump.ping()) };
  // Frames that close the stream are held for the end itself, written with it in one go.
  let last = pump.allSaid() ? pump.first : undefined;
  let full = last === undefined && !write(pump.first);
  const stopPings = schedulePings(pingIntervalMs, pinged);
  const finish = (failure?: unknown) => {
    if (done) return;
    done = true;
    stopPings();
    pump.cleanup(failure);
  };
  const run = async () => {
    try {
      while (last === undefined) {
        if (full) await sink.drained();
        if (done) return;
        const frames = await pump.next();
        if (frames === undefined) break;
        if (pump.allSaid()) last = frames;
        else full = !write(frames);
      }
    } catch (error) {
      write(pump.fail(error));
      if (done) return;
      finish(error);
      sink.end();
      return;
    }
    if (done) return;
    // The client has its whole answer now, not after the upstream's body ends (which a provider may
    // hold open): the pings stop, the response ends, and the upstream's end is read after.
    stopPings();
    sink.end(last);
    if (last !== undefined) await pump.next().catch(() => undefined);
    finish();
  };
  void run();
  return () => finish(new Error('the client closed the stream'));
}

const encoder = new TextEncoder();

/** The stream as a web body, for a response that does not reach a node `ServerResponse`. */
export function sseBody(pump: SSEPump, pingIntervalMs = PING_INTERVAL_MS): ReadableStream<Uint8Array> {
  let gone = () => {};
  let wake = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      gone = pumpInto(
        pump,
        {
          write(chunk) {
            controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
            return (controller.desiredSize ?? 0) > 0;
          },
          drained: () =>
            new Promise<void>((resolve) => {
              wake = resolve;
            }),
          end: (last) => {
            if (last?.length) controller.enqueue(typeof last === 'string' ? encoder.encode(last) : last);
            controller.close();
          },
        },
        pingIntervalMs,
      );
    },
    pull() {
      wake();
    },
    cancel() {
      gone();
      wake();
    },
  });
}

/**
 * Writes the stream straight to the client's node response (status and headers first): no web stream
 * between the frames and the socket, and text goes to the socket without a separate encode. The
 * client closing the connection ends the stream as a cancelled web body would.
 */
export function writeSSE(
  pump: SSEPump,
  out: ServerResponse,
  status: number,
  headers: Record<string, string>,
  pingIntervalMs = PING_INTERVAL_MS,
): void {
  out.writeHead(status, headers);
  const gone = pumpInto(
    pump,
    {
      write: (chunk) => out.write(chunk),
      drained: () =>
        new Promise<void>((resolve) => {
          const settle = () => {
            out.off('drain', settle);
            out.off('close', settle);
            resolve();
          };
          out.on('drain', settle);
          out.on('close', settle);
        }),
      end: (last) => (last?.length ? out.end(last) : out.end()),
    },
    pingIntervalMs,
  );
  out.once('close', () => {
    if (!out.writableFinished) gone();
  });
}

/** A streamed answer waiting to be written: its pump and the headers it goes out with. */
export interface PendingSSE {
  pump: SSEPump;
  headers: Record<string, string>;
}

// The engine answers with a plain Response; the HTTP layer that holds the node response takes the
// pump from here and writes it directly. Weak: a response nobody sends is forgotten with it.
const pending = new WeakMap<Response, PendingSSE>();

/** A 200 SSE response for `pump`; its body is produced by whoever calls `takeSSE` on it. */
export function sseResponse(pump: SSEPump, headers: Record<string, string>): Response {
  const all = { ...headers, ...sseHeaders };
  const response = new Response(null, { status: 200, headers: all });
  pending.set(response, { pump, headers: all });
  return response;
}

/** The stream behind an `sseResponse`, once: the caller now owns writing it. */
export function takeSSE(response: Response): PendingSSE | undefined {
  const found = pending.get(response);
  if (found) pending.delete(response);
  return found;
}

/** The response with its stream as a web body: for a caller with no node response to write to. */
export function withSSEBody(response: Response): Response {
  const found = takeSSE(response);
  if (!found) return response;
  return new Response(sseBody(found.pump), { status: response.status, headers: found.headers });
}

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Stops buffering proxies (nginx) from holding events back.
  'x-accel-buffering': 'no',
};
