import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { GatewayError } from './errors.js';

/** `max_body_bytes` (SPEC §6): larger bodies are refused with 413 before they are buffered. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      // The unread rest of the body makes the connection unusable: tell the client not to reuse it.
      c.header('connection', 'close');
      throw new GatewayError('request_too_large', `Request body is larger than the ${maxBytes}-byte limit`);
    },
  });
}
