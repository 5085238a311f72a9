import {
  listEnvelopeSchema,
  type Provider as ProviderView,
  pageQuerySchema,
  providerBodySchema,
  providerPatchSchema,
  providerSchema,
  providerTestResultSchema,
} from '@aurora/contract';
import {
  createProvider,
  deleteProvider,
  getProvider,
  listAliases,
  listProviders,
  type Provider,
  updateProvider,
} from '@aurora/db';
import { quirkOverridesSchema } from '@aurora/translate';
import { fillFromPreset, type PresetFields, ProviderPresetError } from '../../config/provider-preset.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { listUpstreamModels } from '../../providers/list-models.js';
import { conflict, notFound, rethrowDbError } from './admin-errors.js';
import type { AdminDeps } from './deps.js';
import { created, DocumentedRouter, ok, pathId } from './documented-router.js';
import { pageOf } from './pagination.js';

/** The stored secret is never returned, only whether there is one. */
export function providerView(row: Provider): ProviderView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    base_url: row.base_url,
    preset: row.preset,
    api_key_set: row.api_key_encrypted !== null,
    headers: row.headers,
    quirks: row.quirks,
    allow_direct: row.allow_direct,
    enabled: row.enabled,
    from_config: row.from_config,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function presetFields(entry: PresetFields) {
  try {
    return fillFromPreset(entry);
  } catch (error) {
    if (!(error instanceof ProviderPresetError)) throw error;
    throw new GatewayError('invalid_request_error', `${error.field}: ${error.message}`, {
      field: error.field,
    });
  }
}

// The database takes any object as quirks and the registry would drop a bad one with a warning; the
// operator is better served by a 400 naming the key. Unknown keys are refused, as they are typos.
const strictQuirkOverridesSchema = quirkOverridesSchema.strict();

function checkQuirks(quirks: Record<string, unknown> | undefined): void {
  if (quirks === undefined) return;
  const result = strictQuirkOverridesSchema.safeParse(quirks);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const field = ['quirks', ...issue.path.map(String)].join('.');
  throw new GatewayError('invalid_request_error', `${field}: ${issue.message}`, { field });
}

/** Aliases that route to the provider as their target or, since fallbacks name it, as a fallback. */
async function aliasesRoutingTo(
  deps: AdminDeps,
  providerName: string,
  { fallbacksOnly = false } = {},
): Promise<string[]> {
  const aliases = await listAliases(deps.database.db);
  return aliases
    .filter(
      (a) =>
        (!fallbacksOnly && a.provider === providerName) ||
        a.fallbacks.some((f) => f.provider === providerName),
    )
    .map((a) => a.name);
}

async function findProvider(deps: AdminDeps, id: string): Promise<Provider> {
  const row = await getProvider(deps.database.db, id);
  if (!row) throw notFound('provider', id);
  return row;
}

export function providerRoutes(deps: AdminDeps): DocumentedRouter {
  const { database, registry, secrets } = deps;
  const router = new DocumentedRouter();

  router.route(
    {
      method: 'get',
      path: '/',
      summary: 'List providers',
      query: pageQuerySchema,
      response: ok(listEnvelopeSchema(providerSchema)),
    },
    async (c, { query }) => c.json(pageOf((await listProviders(database.db)).map(providerView), query)),
  );

  router.route(
    {
      method: 'post',
      path: '/',
      summary: 'Create a provider',
      body: providerBodySchema,
      response: created(providerSchema),
    },
    async (c, { body }) => {
      const { api_key, preset, kind, base_url, ...fields } = body;
      checkQuirks(fields.quirks);
      const row = await createProvider(database.db, {
        ...fields,
        ...presetFields({ preset, kind, base_url }),
        api_key_encrypted: api_key === undefined ? null : secrets.seal(api_key),
      }).catch(rethrowDbError);
      await registry.changed('providers');
      return c.json(providerView(row), 201);
    },
  );

  router.route(
    { method: 'get', path: '/{id}', summary: 'Get a provider', response: ok(providerSchema) },
    async (c) => c.json(providerView(await findProvider(deps, pathId(c)))),
  );

  router.route(
    {
      method: 'patch',
      path: '/{id}',
      summary: 'Change a provider',
      body: providerPatchSchema,
      response: ok(providerSchema),
    },
    async (c, { body }) => {
      const id = pathId(c);
      const { api_key, preset, kind, base_url, ...fields } = body;
      const existing = await findProvider(deps, id);
      checkQuirks(fields.quirks);
      if (fields.name !== undefined && fields.name !== existing.name) {
        // Fallbacks name their provider, so a rename would silently cut them off.
        const users = await aliasesRoutingTo(deps, existing.name, { fallbacksOnly: true });
        if (users.length > 0) {
          throw conflict(
            'name',
            `provider "${existing.name}" is a fallback of aliases ${users.join(', ')}; change their fallbacks before renaming it`,
          );
        }
      }
      // A new preset fills the kind and base URL the patch leaves out, as `preset:` does in aurora.yaml.
      const targets = preset ? presetFields({ preset, kind, base_url }) : { preset, kind, base_url };
      const updated = await updateProvider(database.db, id, {
        ...fields,
        ...targets,
        ...(api_key === undefined
          ? {}
          : { api_key_encrypted: api_key === null ? null : secrets.seal(api_key) }),
      }).catch(rethrowDbError);
      if (!updated) throw notFound('provider', id);
      await registry.changed('providers');
      return c.json(providerView(updated));
    },
  );

  router.route({ method: 'delete', path: '/{id}', summary: 'Delete a provider no alias uses' }, async (c) => {
    const id = pathId(c);
    const existing = await findProvider(deps, id);
    const users = await aliasesRoutingTo(deps, existing.name);
    if (users.length > 0) {
      throw conflict(
        'id',
        `provider "${existing.name}" is used by aliases ${users.join(', ')}; point them at another provider or delete them first`,
      );
    }
    const deleted = await deleteProvider(database.db, id).catch(rethrowDbError);
    if (!deleted) throw notFound('provider', id);
    await registry.changed('providers');
    return c.body(null, 204);
  });

  router.route(
    {
      method: 'post',
      path: '/{id}/test',
      summary: "List the upstream's models, or say why not",
      response: ok(providerTestResultSchema),
    },
    async (c) => {
      const row = await findProvider(deps, pathId(c));
      let apiKey: string | undefined;
      try {
        apiKey = row.api_key_encrypted === null ? undefined : secrets.open(row.api_key_encrypted);
      } catch (error) {
        return c.json({ ok: false, message: (error as Error).message, latency_ms: 0 });
      }
      return c.json(
        await listUpstreamModels(deps.upstream, row.kind, {
          baseUrl: row.base_url,
          apiKey,
          headers: row.headers,
        }),
      );
    },
  );

  return router;
}
