import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { AuroraConfig } from './config/schema.js';
import { accessLog } from './http/access-log.js';
import { GatewayError, renderError, surfaceOf } from './http/errors.js';
import { requestId } from './http/request-id.js';
import { healthRoutes, type ReadinessProbe } from './routes/health.js';
import { uiRoutes } from './routes/ui.js';

export interface AppDeps {
  config: AuroraConfig;
  logger: Logger;
  database: ReadinessProbe;
  masterKey: string;
  /** Folder of the built admin SPA; absent → `/ui/` explains how to build it. */
  uiDir?: string;
}

export type AppEnv = { Variables: { requestId: string } };

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(accessLog(deps.logger));

  app.route('/', healthRoutes(deps.database));
  app.route('/', uiRoutes(deps.uiDir));

  app.notFound((c) => {
    const error = new GatewayError('not_found_error', `No route for ${c.req.method} ${c.req.path}`);
    return c.json(renderError(error, surfaceOf(c.req.path)), 404);
  });
  app.onError((cause, c) => {
    const error =
      cause instanceof GatewayError ? cause : new GatewayError('api_error', 'Internal error in the gateway');
    if (!(cause instanceof GatewayError)) {
      deps.logger.error({ err: cause, request_id: c.get('requestId') }, 'unhandled error');
    }
    if (error.options.retryAfterSeconds !== undefined)
      c.header('retry-after', String(error.options.retryAfterSeconds));
    return c.json(renderError(error, surfaceOf(c.req.path)), error.status as 400);
  });
  return app;
}
