import { type Database, listProviders, updateProvider } from '@aurora/db';
import type { SecretBox } from './secret-box.js';

/**
 * Key rotation: provider secrets sealed under any other key the box knows are re-sealed under its
 * sealing key, in one transaction (its trigger tells every instance). Returns how many were moved;
 * secrets under keys the box does not know are left alone (the registry reports them).
 */
export async function resealProviderSecrets(database: Database, secrets: SecretBox): Promise<number> {
  return database.db.transaction(async (tx) => {
    let moved = 0;
    for (const provider of await listProviders(tx)) {
      const sealed = provider.api_key_encrypted;
      if (!sealed) continue;
      let keyId: string;
      try {
        keyId = secrets.keyIdOf(sealed);
      } catch {
        continue;
      }
      if (keyId === secrets.keyId || !secrets.knownKeyIds.includes(keyId)) continue;
      await updateProvider(tx, provider.id, { api_key_encrypted: secrets.seal(secrets.open(sealed)) });
      moved++;
    }
    return moved;
  });
}
