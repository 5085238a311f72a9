import { Hono } from 'hono';
import { z } from 'zod';
import { authenticate } from '../../http/auth.js';
import { aliasRoutes } from './aliases.js';
import type { AdminDeps } from './deps.js';
import { type AdminOperation, type DocumentedRouter, ok } from './documented-router.js';
import { keyRoutes } from './keys.js';
import { logRoutes } from './logs.js';
import { modelCatalogRoutes } from './model-catalog.js';
import { adminOpenApiDocument } from './openapi.js';
import { presetRoutes } from './presets.js';
import { providerRoutes } from './providers.js';
import { usageRoutes } from './usage.js';
import { whoamiRoutes } from './whoami.js';

export type { AdminDeps } from './deps.js';

/** Where `app.ts` mounts the admin API; the OpenAPI document names its paths under it. */
export const ADMIN_BASE_PATH = '/admin/api';

/** The admin API: JSON, master key only; managed keys get 401 like any wrong token. */
export function adminRoutes(deps: AdminDeps): Hono {
  const app = new Hono();
  app.use(
    authenticate({
      masterKey: deps.masterKey,
      findKeyByHash: (hash) => deps.registry.current().keysByHash.get(hash),
      masterOnly: true,
    }),
  );
  const routers: [string, DocumentedRouter][] = [
    ['/providers', providerRoutes(deps)],
    ['/aliases', aliasRoutes(deps)],
    ['/keys', keyRoutes(deps)],
    ['/usage', usageRoutes(deps)],
    ['/logs', logRoutes(deps)],
    ['/whoami', whoamiRoutes()],
    ['/provider-presets', presetRoutes()],
    ['/model-catalog', modelCatalogRoutes(deps)],
  ];
  // The document is made of the operations the routers registered: nothing is described twice.
  const operations: AdminOperation[] = [];
  for (const [prefix, router] of routers) {
    app.route(prefix, router.app);
    for (const operation of router.operations) {
      operations.push({ ...operation, path: operation.path === '/' ? prefix : `${prefix}${operation.path}` });
    }
  }
  operations.push({
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    response: ok(z.looseObject({ openapi: z.string() })),
  });
  const document = adminOpenApiDocument(ADMIN_BASE_PATH, operations);
  app.get('/openapi.json', (c) => c.json(document));
  return app;
}
