import type { AuroraDb } from '../client';
import { registryRevision } from '../schema';

/** The NOTIFY channel the revision triggers signal on (see the registry_revision migration). */
export const REGISTRY_CHANNEL = 'aurora_registry';

/** The count of changes to providers, aliases and keys so far: one primary-key read. */
export async function readRegistryRevision(db: AuroraDb): Promise<number> {
  const [row] = await db.select({ revision: registryRevision.revision }).from(registryRevision);
  return row?.revision ?? 0;
}
