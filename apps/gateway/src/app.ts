import { type Database, displayPrefixOf } from '@aurora/db';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { AuroraConfig } from './config/schema.js';
import { renderError } from './errors/error-body.js';
import { GatewayError } from './errors/gateway-error.js';
import { accessLog } from './http/access-log.js';
import type { AppEnv } from './http/app-env.js';
import { authenticate } from './http/auth.js';
import { limitBody } from './http/body-limit.js';
import { surfaceOf } from './http/error-surface.js';
import { requestId } from './http/request-id.js';
import { TurnCache } from './providers/codecs/turn-cache.js';
import type { UpstreamClient } from './providers/transport/upstream-client.js';
import type { Registry } from './registry/registry.js';
import { adminRoutes } from './routes/admin/index.js';
import { chatCompletionsRoutes } from './routes/chat-completions.js';
import { healthRoutes } from './routes/health.js';
import { messagesRoutes } from './routes/messages.js';
import { metricsRoutes } from './routes/metrics.js';
import { modelsRoutes } from './routes/models.js';
import { uiRoutes } from './routes/ui.js';
import type { SecretBox } from './secrets/secret-box.js';
import { recordRefusedRequest } from './usage/refused-request.js';
import type { UsageServices } from './usage/request-tracker.js';

export interface AppDeps {
  config: AuroraConfig;
  logger: Logger;
  database: Database;
  registry: Registry;
  secrets: SecretBox;
  upstream: UpstreamClient;
  usage: UsageServices;
  masterKey: string;
  /** Folder of the built admin SPA; absent → `/ui/` explains how to build it. */
  uiDir?: string;
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(accessLog(deps.logger));

  app.route('/', healthRoutes(deps.database, deps.registry.status));
  app.route('/', uiRoutes(deps.uiDir));
  app.use('/admin/*', limitBody(deps.config.max_body_bytes));
  app.route('/admin/api', adminRoutes(deps));

  // Auth reads only headers: a caller without a key never gets a body read into memory (401 comes first).
  app.use(
    '/v1/*',
    authenticate({
      masterKey: deps.masterKey,
      findKeyByHash: (hash) => deps.registry.current().keysByHash.get(hash),
      onRefused: ({ error, key, token }, c) =>
        recordRefusedRequest(deps.usage, {
          ingress: surfaceOf(c.req.path) === 'openai' ? 'openai' : 'anthropic',
          error,
          keyId: key?.id,
          keyPrefix: key?.prefix ?? (token === undefined ? undefined : displayPrefixOf(token)),
          requestId: c.get('requestId'),
          sessionId: c.req.header('x-claude-code-session-id'),
        }),
    }),
  );
  app.use('/v1/*', limitBody(deps.config.max_body_bytes));
  app.route('/', metricsRoutes(deps.usage.metrics));
  const routeDeps = {
    config: deps.config,
    logger: deps.logger,
    registry: deps.registry,
    upstream: deps.upstream,
    usage: deps.usage,
    turns: new TurnCache(deps.config.translation_cache_bytes),
  };
  app.route('/', messagesRoutes(routeDeps));
  app.route('/', chatCompletionsRoutes(routeDeps));
  app.route('/', modelsRoutes(routeDeps));

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
    // Claude Code retries a 401 for minutes unless told not to; a bad or revoked key never heals.
    if (error.status === 401 || error.status === 403) c.header('x-should-retry', 'false');
    return c.json(renderError(error, surfaceOf(c.req.path)), error.status as 400);
  });
  return app;
}
