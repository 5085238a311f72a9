import { type Database, listProviders, updateProvider } from '@aurora/db';
import type { SecretBox } from './secret-box.js';

/**
 * Key rotation: provider secrets still sealed under `previous` are re-sealed under
 * `current` at start-up. Returns how many were moved; secrets under neither key are left alone (the
 * registry reports them).
 */
export async function resealProviderSecrets(
  database: Database,
  current: SecretBox,
  previous: SecretBox,
): Promise<number> {
  let moved = 0;
  for (const provider of await listProviders(database.db)) {
    const sealed = provider.api_key_encrypted;
    if (!sealed || sealed.split('.')[1] !== previous.keyId || previous.keyId === current.keyId) continue;
    await updateProvider(database.db, provider.id, {
      api_key_encrypted: current.seal(previous.open(sealed)),
    });
    moved++;
  }
  return moved;
}
