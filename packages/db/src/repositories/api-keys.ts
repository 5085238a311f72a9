import { desc, eq, sql } from 'drizzle-orm';
import { generateApiKey } from '../api-key-secret';
import type { AuroraDb } from '../client';
import { type ApiKey, apiKeys } from '../schema';
import { definedFields } from './defined';
import { isUuid } from './uuid';

/** What an operator sets on a key (the admin API's key body); the secret, hash and times are generated. */
export type ApiKeyInput = Pick<
  typeof apiKeys.$inferInsert,
  | 'name'
  | 'expires_at'
  | 'allowed_aliases'
  | 'rpm_limit'
  | 'tpm_limit'
  | 'budget_tokens'
  | 'budget_usd'
  | 'auto_mode_judge'
>;
export type ApiKeyPatch = Partial<ApiKeyInput>;

export interface CreatedApiKey {
  api_key: ApiKey;
  /** The full key, returned this once; only its hash is stored. */
  key: string;
}

export async function createApiKey(db: AuroraDb, input: ApiKeyInput): Promise<CreatedApiKey> {
  const { key, key_hash, prefix } = generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({ ...input, key_hash, prefix })
    .returning();
  return { api_key: row!, key };
}

/** Every key, revoked ones included (the UI shows them struck through), newest first. */
export function listApiKeys(db: AuroraDb): Promise<ApiKey[]> {
  return db.select().from(apiKeys).orderBy(desc(apiKeys.created_at), desc(apiKeys.id));
}

export async function getApiKey(db: AuroraDb, id: string): Promise<ApiKey | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row ?? null;
}

export async function updateApiKey(db: AuroraDb, id: string, patch: ApiKeyPatch): Promise<ApiKey | null> {
  const fields = definedFields(patch);
  if (!isUuid(id)) return null;
  if (Object.keys(fields).length === 0) return getApiKey(db, id);
  const [row] = await db.update(apiKeys).set(fields).where(eq(apiKeys.id, id)).returning();
  return row ?? null;
}

/** Revoking twice keeps the first revocation time. */
export async function revokeApiKey(db: AuroraDb, id: string, at: Date = new Date()): Promise<ApiKey | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .update(apiKeys)
    .set({ revoked_at: sql`coalesce(${apiKeys.revoked_at}, ${at.toISOString()}::timestamptz)` })
    .where(eq(apiKeys.id, id))
    .returning();
  return row ?? null;
}

export interface KeyUse {
  id: string;
  at: Date;
}

/**
 * Records when keys were last used, for many keys in one statement: the gateway collects uses in
 * memory and flushes them now and then instead of writing on every request. A time never
 * moves backwards, so a late flush cannot undo a newer one.
 */
export async function touchApiKeysLastUsed(db: AuroraDb, uses: readonly KeyUse[]): Promise<void> {
  const latest = new Map<string, Date>();
  for (const { id, at } of uses) {
    const seen = latest.get(id);
    if (isUuid(id) && (!seen || at > seen)) latest.set(id, at);
  }
  if (latest.size === 0) return;
  const values = sql.join(
    [...latest].map(([id, at]) => sql`(${id}::uuid, ${at.toISOString()}::timestamptz)`),
    sql`, `,
  );
  await db.execute(sql`
    update ${apiKeys} set last_used_at = greatest(${apiKeys.last_used_at}, used.at)
    from (values ${values}) as used(id, at)
    where ${apiKeys.id} = used.id`);
}
