import { asc, eq } from 'drizzle-orm';
import type { AuroraDb } from '../client';
import { ConflictError, isForeignKeyViolation, isUniqueViolation } from '../errors';
import { modelAliases, type NewProvider, type Provider, providers } from '../schema';
import { definedFields } from './defined';
import { isUuid } from './uuid';

/** What an operator or aurora.yaml sets; ids and timestamps belong to the database. */
export type ProviderInput = Omit<NewProvider, 'id' | 'created_at' | 'updated_at'>;
export type ProviderPatch = Partial<ProviderInput>;

function nameTaken(error: unknown, name: string | undefined): unknown {
  return isUniqueViolation(error)
    ? new ConflictError('name', `a provider named "${name}" already exists`, { cause: error })
    : error;
}

export function listProviders(db: AuroraDb): Promise<Provider[]> {
  return db.select().from(providers).orderBy(asc(providers.name));
}

export async function getProvider(db: AuroraDb, id: string): Promise<Provider | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(providers).where(eq(providers.id, id));
  return row ?? null;
}

export async function createProvider(db: AuroraDb, input: ProviderInput): Promise<Provider> {
  try {
    const [row] = await db.insert(providers).values(input).returning();
    return row!;
  } catch (error) {
    throw nameTaken(error, input.name);
  }
}

export async function updateProvider(
  db: AuroraDb,
  id: string,
  patch: ProviderPatch,
): Promise<Provider | null> {
  if (!isUuid(id)) return null;
  try {
    const [row] = await db
      .update(providers)
      .set(definedFields(patch))
      .where(eq(providers.id, id))
      .returning();
    return row ?? null;
  } catch (error) {
    throw nameTaken(error, patch.name);
  }
}

/** Resolves to false when there was no such provider; refuses while aliases still route to it. */
export async function deleteProvider(db: AuroraDb, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  try {
    const deleted = await db.delete(providers).where(eq(providers.id, id)).returning({ id: providers.id });
    return deleted.length > 0;
  } catch (error) {
    if (!isForeignKeyViolation(error)) throw error;
    const users = await db
      .select({ name: modelAliases.name })
      .from(modelAliases)
      .where(eq(modelAliases.provider_id, id))
      .orderBy(asc(modelAliases.name));
    throw new ConflictError(
      'id',
      `the provider is used by aliases ${users.map((u) => u.name).join(', ')}; change or delete them first`,
      { cause: error },
    );
  }
}

/**
 * Config as code: creates the provider or overwrites the fields the entry sets, and marks it as
 * coming from the config file. Fields the entry leaves out keep their database values.
 */
export async function upsertProviderByName(db: AuroraDb, input: ProviderInput): Promise<Provider> {
  const { name: _name, ...fields } = definedFields(input);
  const [row] = await db
    .insert(providers)
    .values({ ...input, from_config: true })
    .onConflictDoUpdate({
      target: providers.name,
      set: { ...fields, from_config: true, updated_at: new Date() },
    })
    .returning();
  return row!;
}
