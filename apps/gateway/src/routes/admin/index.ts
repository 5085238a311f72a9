import { Hono } from 'hono';
import { authenticate } from '../../http/auth.js';
import { aliasRoutes } from './aliases.js';
import type { AdminDeps } from './deps.js';
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
  app.route('/providers', providerRoutes(deps));
  app.route('/aliases', aliasRoutes(deps));
  app.route('/keys', keyRoutes(deps));
  app.route('/usage', usageRoutes(deps));
  app.route('/logs', logRoutes(deps));
  app.route('/whoami', whoamiRoutes());
  app.route('/provider-presets', presetRoutes());
  app.route('/model-catalog', modelCatalogRoutes(deps));
  const document = adminOpenApiDocument(ADMIN_BASE_PATH);
  app.get('/openapi.json', (c) => c.json(document));
  return app;
}
