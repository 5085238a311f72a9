import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { GatewayError } from '../errors/gateway-error.js';

export type BodyLimitEnv = { Variables: { bodyText: string | undefined } };

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('request_too_large', `Request body is larger than the ${maxBytes}-byte limit`);
}

// A client still sending its body when the 413 goes out only reads it if the connection stays
// open: Node reads and discards the rest of an unread body once the answer is finished. Bodies
// declared larger than this are not worth reading; their connection is cut after the answer.
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a body without a declared length from the socket, giving up as soon as it passes the
 * limit; the rest is then discarded as it arrives (destroying the request would cut the socket
 * before the client reads the 413).
 */
function readBounded(incoming: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      incoming.off('data', onData).off('end', onEnd).off('error', reject);
      incoming.resume();
      reject(tooLarge(maxBytes));
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    incoming.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

/**
 * `max_body_bytes` (aurora.yaml): a declared length over the limit is refused with 413 before anything
 * is read; a chunked body is read with a running count. Reading from the Node request directly
 * keeps @hono/node-server on its fast path (no web ReadableStream per request).
 */
export function limitBody(maxBytes: number): MiddlewareHandler<BodyLimitEnv> {
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared !== undefined) {
      if (Number(declared) > maxBytes) {
        if (Number(declared) > Math.max(DRAIN_LIMIT_BYTES, maxBytes)) c.header('connection', 'close');
        throw tooLarge(maxBytes);
      }
      return next();
    }
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming && c.req.header('transfer-encoding')) {
      c.set('bodyText', await readBounded(incoming, maxBytes));
    }
    return next();
  };
}
