import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

/** One structured line per request; probes log at debug so they don't drown the rest. */
export function accessLog(logger: Logger): MiddlewareHandler<{ Variables: { requestId: string } }> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const path = c.req.path;
    const quiet = path === '/health' || path === '/ready' || path.startsWith('/ui/');
    logger[quiet ? 'debug' : 'info'](
      {
        request_id: c.get('requestId'),
        method: c.req.method,
        path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  };
}
