import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const REQUEST_ID_HEADER = 'request-id';

/** Anthropic-style `req_…` ids; an incoming id is kept when it looks sane so traces join up. */
export function requestId(): MiddlewareHandler<{ Variables: { requestId: string } }> {
  return async (c, next) => {
    const incoming = c.req.header(REQUEST_ID_HEADER) ?? c.req.header('x-request-id');
    const id =
      incoming && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : `req_${randomUUID().replaceAll('-', '')}`;
    c.set('requestId', id);
    c.header(REQUEST_ID_HEADER, id);
    await next();
  };
}
