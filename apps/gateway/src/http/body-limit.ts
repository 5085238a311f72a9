import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { GatewayError } from '../errors/gateway-error.js';
import { RequestBody, type RequestBodyEnv } from './request-body.js';

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('request_too_large', `Request body is larger than the ${maxBytes}-byte limit`);
}

// A client still sending its body when the 413 goes out only reads it if the connection stays
// open: Node reads and discards the rest of an unread body once the answer is finished. Bodies
// declared larger than this are not worth reading; their connection is cut after the answer.
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a body from the socket, giving up as soon as it passes the limit (a chunked body has no
 * declared length); the rest is then discarded as it arrives (destroying the request would cut the
 * socket before the client reads the 413). A client gone before the end fails the read.
 */
function readBounded(incoming: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      fail(tooLarge(maxBytes));
      incoming.resume();
    };
    // Left on the request, the listeners would keep the chunks for as long as it lives. A body that
    // came in one chunk is that chunk, not a copy.
    const settle = () =>
      incoming.off('data', onData).off('end', onEnd).off('error', fail).off('close', onClose);
    const fail = (error: Error) => {
      settle();
      reject(error);
    };
    const onEnd = () => {
      settle();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onClose = () => fail(new Error('the client closed the connection before the body ended'));
    incoming.on('data', onData).once('end', onEnd).once('error', fail).once('close', onClose);
  });
}

/**
 * `max_body_bytes` (aurora.yaml): a declared length over the limit is refused with 413 before anything
 * is read; a chunked body is read with a running count. Under the node server the body is read here,
 * from the Node request: @hono/node-server would copy it once more into an ArrayBuffer.
 */
export function limitBody(maxBytes: number): MiddlewareHandler<RequestBodyEnv> {
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > maxBytes) {
      if (Number(declared) > Math.max(DRAIN_LIMIT_BYTES, maxBytes)) c.header('connection', 'close');
      throw tooLarge(maxBytes);
    }
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming && (declared !== undefined || c.req.header('transfer-encoding'))) {
      c.set('body', new RequestBody(await readBounded(incoming, maxBytes)));
    }
    return next();
  };
}
