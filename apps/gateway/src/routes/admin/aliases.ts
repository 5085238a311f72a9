import {
  type AliasBody,
  type Alias as AliasView,
  aliasBodySchema,
  aliasDefaultsFrom,
  aliasPatchSchema,
  findCatalogModel,
  pageQuerySchema,
} from '@aurora/contract';
import { createAlias, deleteAlias, getAlias, listAliases, type ModelAlias, updateAlias } from '@aurora/db';
import { Hono } from 'hono';
import { readJsonBody } from '../../http/json-body.js';
import { notFound, rethrowDbError } from './admin-errors.js';
import type { AdminDeps } from './deps.js';
import { modelCatalog } from './model-catalog.js';
import { pageOf } from './pagination.js';
import { readQuery } from './read-query.js';

/** An alias names its provider by name, as in aurora.yaml; the provider's id stays inside. */
export function aliasView(row: ModelAlias): AliasView {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    model: row.model,
    fallbacks: row.fallbacks,
    max_output_tokens: row.max_output_tokens,
    context_window: row.context_window,
    reasoning: row.reasoning,
    supports_tools: row.supports_tools,
    params: row.params,
    input_price_per_mtok: row.input_price_per_mtok,
    output_price_per_mtok: row.output_price_per_mtok,
    enabled: row.enabled,
    from_config: row.from_config,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/**
 * Limits, prices and flags the body leaves out come from the catalog entry of its model, so that
 * cost, the context-window clamp and Claude Code's compaction window are right by default.
 */
export function withCatalogDefaults(body: AliasBody, dataDir: string): AliasBody {
  const entry = findCatalogModel(modelCatalog(dataDir), body.model);
  if (!entry) return body;
  const defaults = Object.fromEntries(
    Object.entries(aliasDefaultsFrom(entry)).filter(([, value]) => value !== undefined),
  );
  const given = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
  return { ...defaults, ...given } as AliasBody;
}

export function aliasRoutes({ config, database, registry }: AdminDeps): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const query = readQuery(c, pageQuerySchema);
    return c.json(pageOf((await listAliases(database.db)).map(aliasView), query));
  });

  app.post('/', async (c) => {
    const body = withCatalogDefaults(await readJsonBody(c, aliasBodySchema), config.data_dir);
    const row = await createAlias(database.db, body).catch(rethrowDbError);
    await registry.changed('aliases');
    return c.json(aliasView(row), 201);
  });

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const row = await getAlias(database.db, id);
    if (!row) throw notFound('alias', id);
    return c.json(aliasView(row));
  });

  app.patch('/:id', async (c) => {
    const id = c.req.param('id');
    const patch = await readJsonBody(c, aliasPatchSchema);
    const row = await updateAlias(database.db, id, patch).catch(rethrowDbError);
    if (!row) throw notFound('alias', id);
    await registry.changed('aliases');
    return c.json(aliasView(row));
  });

  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await deleteAlias(database.db, id))) throw notFound('alias', id);
    await registry.changed('aliases');
    return c.body(null, 204);
  });

  return app;
}
