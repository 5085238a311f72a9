import {
  type ApiKey as ApiKeyView,
  apiKeySchema,
  createdApiKeySchema,
  keyBodySchema,
  keyPatchSchema,
  listEnvelopeSchema,
  pageQuerySchema,
} from '@aurora/contract';
import {
  type ApiKey,
  createApiKey,
  getApiKey,
  type KeySpend,
  listAliases,
  listApiKeys,
  monthlySpendByKey,
  revokeApiKey,
  updateApiKey,
} from '@aurora/db';
import { notFound } from './admin-errors.js';
import { checkAllowList } from './allow-list.js';
import type { AdminDeps } from './deps.js';
import { created, DocumentedRouter, ok, pathId } from './documented-router.js';
import { checkJudgeAlias } from './judge-alias.js';
import { pageOf } from './pagination.js';

const noSpend: KeySpend = { spend_tokens: 0, spend_usd: 0 };
const iso = (date: Date | null) => date?.toISOString() ?? null;
// Absent leaves the expiry as it is; null lifts it.
const expiry = (value: string | null | undefined) => (typeof value === 'string' ? new Date(value) : value);

/** A key without its hash, with what it spent this calendar month. */
export function apiKeyView(row: ApiKey, spend: KeySpend = noSpend): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    created_at: row.created_at.toISOString(),
    last_used_at: iso(row.last_used_at),
    expires_at: iso(row.expires_at),
    revoked_at: iso(row.revoked_at),
    allowed_aliases: row.allowed_aliases,
    rpm_limit: row.rpm_limit,
    tpm_limit: row.tpm_limit,
    budget_tokens: row.budget_tokens,
    budget_usd: row.budget_usd,
    auto_mode_judge: row.auto_mode_judge,
    spend_usd: spend.spend_usd,
    spend_tokens: spend.spend_tokens,
  };
}

export function keyRoutes({ database, registry }: AdminDeps): DocumentedRouter {
  const aliasNames = async () => (await listAliases(database.db)).map((alias) => alias.name);
  const withSpend = async (row: ApiKey) => {
    const spend = await monthlySpendByKey(database.db, { key_ids: [row.id] });
    return apiKeyView(row, spend.get(row.id));
  };

  return (
    new DocumentedRouter()
      .route(
        {
          method: 'get',
          path: '/',
          summary: "List API keys with this month's spend",
          query: pageQuerySchema,
          response: ok(listEnvelopeSchema(apiKeySchema)),
        },
        async (c, { query }) => {
          const page = pageOf(await listApiKeys(database.db), query);
          const spend = await monthlySpendByKey(database.db, { key_ids: page.data.map((row) => row.id) });
          return c.json({ ...page, data: page.data.map((row) => apiKeyView(row, spend.get(row.id))) });
        },
      )
      .route(
        {
          method: 'post',
          path: '/',
          summary: 'Create an API key; the answer holds the full key, once',
          body: keyBodySchema,
          response: created(createdApiKeySchema),
        },
        async (c, { body }) => {
          const names = await aliasNames();
          checkAllowList(body.allowed_aliases, names);
          checkJudgeAlias(body.auto_mode_judge, names);
          const { api_key, key } = await createApiKey(database.db, {
            ...body,
            expires_at: expiry(body.expires_at),
          });
          // The auth middleware reads keys from the registry: the new key must work as soon as we answer.
          await registry.changed('keys');
          return c.json({ ...apiKeyView(api_key), key }, 201);
        },
      )
      .route(
        { method: 'get', path: '/{id}', summary: 'Get an API key', response: ok(apiKeySchema) },
        async (c) => {
          const id = pathId(c);
          const row = await getApiKey(database.db, id);
          if (!row) throw notFound('key', id);
          return c.json(await withSpend(row));
        },
      )
      .route(
        {
          method: 'patch',
          path: '/{id}',
          summary: 'Change an API key',
          body: keyPatchSchema,
          response: ok(apiKeySchema),
        },
        async (c, { body: patch }) => {
          const id = pathId(c);
          const names = await aliasNames();
          checkAllowList(patch.allowed_aliases, names);
          checkJudgeAlias(patch.auto_mode_judge, names);
          const row = await updateApiKey(database.db, id, { ...patch, expires_at: expiry(patch.expires_at) });
          if (!row) throw notFound('key', id);
          await registry.changed('keys');
          return c.json(await withSpend(row));
        },
      )
      // Revoking rather than deleting keeps the key's name next to its past requests in logs and usage.
      .route(
        { method: 'delete', path: '/{id}', summary: 'Revoke an API key', response: ok(apiKeySchema) },
        async (c) => {
          const id = pathId(c);
          const row = await revokeApiKey(database.db, id);
          if (!row) throw notFound('key', id);
          await registry.changed('keys');
          return c.json(await withSpend(row));
        },
      )
  );
}
