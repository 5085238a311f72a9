import { asc, eq, getTableColumns, inArray } from 'drizzle-orm';
import type { AuroraDb } from '../client';
import { ConflictError, InvalidInputError, isForeignKeyViolation, isUniqueViolation } from '../errors';
import { type ModelAliasRow, modelAliases, providers } from '../schema';
import { definedFields } from './defined';
import { isUuid } from './uuid';

/** An alias as the admin API shows it: its provider named by `provider`, not only by id. */
export type ModelAlias = ModelAliasRow & { provider: string };

/** What an operator or aurora.yaml sets: the provider by name, as in the YAML. */
export type AliasInput = Omit<
  typeof modelAliases.$inferInsert,
  'id' | 'provider_id' | 'created_at' | 'updated_at'
> & { provider: string };
export type AliasPatch = Partial<AliasInput>;

const aliasWithProvider = () =>
  // A function, not a constant: each query builder needs its own selection object.
  ({ ...getTableColumns(modelAliases), provider: providers.name });

const selectAliases = (db: AuroraDb) =>
  db
    .select(aliasWithProvider())
    .from(modelAliases)
    .innerJoin(providers, eq(modelAliases.provider_id, providers.id));

function nameTaken(error: unknown, name: string | undefined): unknown {
  return isUniqueViolation(error)
    ? new ConflictError('name', `an alias named "${name}" already exists`, { cause: error })
    : error;
}

/**
 * Turns the provider names of an alias (its target and its fallbacks) into the target's id, refusing
 * names that match no provider with the field path a form can point at (`fallbacks.0.provider`).
 */
async function resolveProviders(
  db: AuroraDb,
  input: Pick<AliasPatch, 'provider' | 'fallbacks'>,
): Promise<{ provider_id?: string }> {
  const named = [input.provider, ...(input.fallbacks ?? []).map((f) => f.provider)].filter(
    (name): name is string => name !== undefined,
  );
  if (named.length === 0) return {};
  const found = await db
    .select({ id: providers.id, name: providers.name })
    .from(providers)
    .where(inArray(providers.name, named));
  const idByName = new Map(found.map((p) => [p.name, p.id]));
  if (input.provider !== undefined && !idByName.has(input.provider)) {
    throw new InvalidInputError('provider', `there is no provider named "${input.provider}"`);
  }
  input.fallbacks?.forEach((fallback, i) => {
    if (!idByName.has(fallback.provider)) {
      throw new InvalidInputError(
        `fallbacks.${i}.provider`,
        `there is no provider named "${fallback.provider}"`,
      );
    }
  });
  return input.provider === undefined ? {} : { provider_id: idByName.get(input.provider)! };
}

// The provider may be deleted between resolving its name and writing the alias.
function providerVanished(error: unknown, provider: string | undefined): unknown {
  return isForeignKeyViolation(error)
    ? new InvalidInputError('provider', `there is no provider named "${provider}"`, { cause: error })
    : error;
}

export function listAliases(db: AuroraDb): Promise<ModelAlias[]> {
  // Creation order is the last tie-breaker of glob matching, so the registry wants it; the
  // name settles aliases created within the same millisecond (config-as-code upserts at start).
  return selectAliases(db).orderBy(asc(modelAliases.created_at), asc(modelAliases.name));
}

export async function getAlias(db: AuroraDb, id: string): Promise<ModelAlias | null> {
  if (!isUuid(id)) return null;
  const [row] = await selectAliases(db).where(eq(modelAliases.id, id));
  return row ?? null;
}

export async function createAlias(db: AuroraDb, input: AliasInput): Promise<ModelAlias> {
  const { provider, ...fields } = input;
  const { provider_id } = await resolveProviders(db, input);
  try {
    const [row] = await db
      .insert(modelAliases)
      .values({ ...fields, provider_id: provider_id! })
      .returning();
    return { ...row!, provider };
  } catch (error) {
    throw providerVanished(nameTaken(error, input.name), provider);
  }
}

export async function updateAlias(db: AuroraDb, id: string, patch: AliasPatch): Promise<ModelAlias | null> {
  if (!isUuid(id)) return null;
  const { provider, ...fields } = definedFields(patch);
  const resolved = await resolveProviders(db, { provider, fallbacks: fields.fallbacks });
  try {
    const [row] = await db
      .update(modelAliases)
      .set({ ...fields, ...resolved })
      .where(eq(modelAliases.id, id))
      .returning({ id: modelAliases.id });
    return row ? getAlias(db, row.id) : null;
  } catch (error) {
    throw providerVanished(nameTaken(error, patch.name), provider);
  }
}

export async function deleteAlias(db: AuroraDb, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const deleted = await db
    .delete(modelAliases)
    .where(eq(modelAliases.id, id))
    .returning({ id: modelAliases.id });
  return deleted.length > 0;
}

/**
 * Config as code: creates the alias or overwrites the fields the entry sets, and marks it as coming
 * from the config file. Fields the entry leaves out keep their database values.
 */
export async function upsertAliasByName(db: AuroraDb, input: AliasInput): Promise<ModelAlias> {
  const { provider, ...entry } = input;
  const { name: _name, ...fields } = definedFields(entry);
  const { provider_id } = await resolveProviders(db, input);
  try {
    const [row] = await db
      .insert(modelAliases)
      .values({ ...entry, provider_id: provider_id!, from_config: true })
      .onConflictDoUpdate({
        target: modelAliases.name,
        set: { ...fields, provider_id: provider_id!, from_config: true, updated_at: new Date() },
      })
      .returning();
    return { ...row!, provider };
  } catch (error) {
    throw providerVanished(error, provider);
  }
}
