import {
  type AliasBody,
  type Alias as AliasView,
  aliasBodySchema,
  aliasDefaultsFrom,
  aliasPatchSchema,
  aliasSchema,
  findCatalogModel,
  listEnvelopeSchema,
  pageQuerySchema,
} from '@aurora/contract';
import { createAlias, deleteAlias, getAlias, listAliases, type ModelAlias, updateAlias } from '@aurora/db';
import { notFound, rethrowDbError } from './admin-errors.js';
import type { AdminDeps } from './deps.js';
import { created, DocumentedRouter, ok, pathId } from './documented-router.js';
import { checkJudgeAlias } from './judge-alias.js';
import { modelCatalog } from './model-catalog.js';
import { pageOf } from './pagination.js';

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
    cached_input_price_per_mtok: row.cached_input_price_per_mtok,
    auto_mode_judge: row.auto_mode_judge,
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

export function aliasRoutes({ config, database, registry }: AdminDeps): DocumentedRouter {
  const aliasNames = async () => (await listAliases(database.db)).map((alias) => alias.name);
  return new DocumentedRouter()
    .route(
      {
        method: 'get',
        path: '/',
        summary: 'List model aliases',
        query: pageQuerySchema,
        response: ok(listEnvelopeSchema(aliasSchema)),
      },
      async (c, { query }) => c.json(pageOf((await listAliases(database.db)).map(aliasView), query)),
    )
    .route(
      {
        method: 'post',
        path: '/',
        summary: 'Create a model alias (what it leaves out comes from the model catalog)',
        body: aliasBodySchema,
        response: created(aliasSchema),
      },
      async (c, { body }) => {
        // An alias may judge its own requests.
        checkJudgeAlias(body.auto_mode_judge, [...(await aliasNames()), body.name]);
        const row = await createAlias(database.db, withCatalogDefaults(body, config.data_dir)).catch(
          rethrowDbError,
        );
        await registry.changed('aliases');
        return c.json(aliasView(row), 201);
      },
    )
    .route(
      { method: 'get', path: '/{id}', summary: 'Get a model alias', response: ok(aliasSchema) },
      async (c) => {
        const id = pathId(c);
        const row = await getAlias(database.db, id);
        if (!row) throw notFound('alias', id);
        return c.json(aliasView(row));
      },
    )
    .route(
      {
        method: 'patch',
        path: '/{id}',
        summary: 'Change a model alias',
        body: aliasPatchSchema,
        response: ok(aliasSchema),
      },
      async (c, { body }) => {
        const id = pathId(c);
        const names = await aliasNames();
        checkJudgeAlias(body.auto_mode_judge, body.name ? [...names, body.name] : names);
        const row = await updateAlias(database.db, id, body).catch(rethrowDbError);
        if (!row) throw notFound('alias', id);
        await registry.changed('aliases');
        return c.json(aliasView(row));
      },
    )
    .route({ method: 'delete', path: '/{id}', summary: 'Delete a model alias' }, async (c) => {
      const id = pathId(c);
      if (!(await deleteAlias(database.db, id))) throw notFound('alias', id);
      await registry.changed('aliases');
      return c.body(null, 204);
    });
}
