import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { GatewayError } from '../errors/gateway-error.js';

export type BodyLimitEnv = { Variables: { bodyText: string | undefined } };

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('request_too_large', `Request body is larger than the ${maxBytes}-byte limit`);
}

/** Reads a body without a declared length from the socket, giving up as soon as it passes the limit. */
async function readBounded(incoming: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      incoming.resume();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `max_body_bytes` (SPEC §6): a declared length over the limit is refused with 413 before anything
 * is read; a chunked body is read with a running count. Reading from the Node request directly
 * keeps @hono/node-server on its fast path (no web ReadableStream per request).
 */
export function limitBody(maxBytes: number): MiddlewareHandler<BodyLimitEnv> {
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared !== undefined) {
      if (Number(declared) > maxBytes) {
        // The unread body makes the connection unusable: tell the client not to reuse it.
        c.header('connection', 'close');
        throw tooLarge(maxBytes);
      }
      return next();
    }
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming && c.req.header('transfer-encoding')) {
      try {
        c.set('bodyText', await readBounded(incoming, maxBytes));
      } catch (error) {
        c.header('connection', 'close');
        throw error;
      }
    }
    return next();
  };
}
