import { createProvider, getProvider } from '@aurora/db';
import { createTestDatabase, testEngines } from '@aurora/db/testing';
import { describe, expect, it } from 'vitest';
import { resealProviderSecrets } from './rotate-secrets.js';
import { createSecretBox, deriveEncryptionKey } from './secret-box.js';

describe.each(testEngines())('resealProviderSecrets on %s', (engine) => {
  it('moves secrets sealed under the previous key to the current one and leaves the rest', async () => {
    const { database, dispose } = await createTestDatabase(engine);
    try {
      const oldMaster = createSecretBox(deriveEncryptionKey(undefined, 'sk-aurora-old-master-key-123'));
      const current = createSecretBox(
        deriveEncryptionKey('a-new-dedicated-encryption-key', 'sk-aurora-old-master-key-123'),
      );
      const old = await createProvider(database.db, {
        name: 'old',
        kind: 'openai',
        base_url: 'https://old.example/v1',
        api_key_encrypted: oldMaster.seal('sk-old-secret'),
      });
      const fresh = await createProvider(database.db, {
        name: 'fresh',
        kind: 'openai',
        base_url: 'https://fresh.example/v1',
        api_key_encrypted: current.seal('sk-fresh-secret'),
      });
      // The old master key serves as previous_encryption_key: both derive the same way.
      const rotating = createSecretBox(
        deriveEncryptionKey('a-new-dedicated-encryption-key', 'sk-aurora-old-master-key-123'),
        [deriveEncryptionKey('sk-aurora-old-master-key-123', 'ignored')],
      );
      expect(await resealProviderSecrets(database, rotating)).toBe(1);
      const moved = await getProvider(database.db, old.id);
      expect(current.open(moved!.api_key_encrypted!)).toBe('sk-old-secret');
      expect((await getProvider(database.db, fresh.id))!.api_key_encrypted).toBe(fresh.api_key_encrypted);
      expect(await resealProviderSecrets(database, rotating)).toBe(0);
    } finally {
      await dispose();
    }
  });
});
