import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testEngines } from '../testing';
import { createAlias, upsertAliasByName } from './aliases';
import { createApiKey, revokeApiKey, touchApiKeysLastUsed, updateApiKey } from './api-keys';
import { createProvider, deleteProvider, updateProvider } from './providers';
import { REGISTRY_CHANNEL, readRegistryRevision } from './registry-revision';

describe.each(testEngines())('registry revision on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.dispose());
  const db = () => t.database.db;

  it('moves with every write to providers, aliases and keys, whoever writes', async () => {
    const start = await readRegistryRevision(db());
    const provider = await createProvider(db(), { name: 'p', kind: 'openai', base_url: 'http://p.test/v1' });
    const afterProvider = await readRegistryRevision(db());
    expect(afterProvider).toBeGreaterThan(start);

    await createAlias(db(), { name: 'a', provider: 'p', model: 'm' });
    const afterAlias = await readRegistryRevision(db());
    expect(afterAlias).toBeGreaterThan(afterProvider);

    await upsertAliasByName(db(), { name: 'a', provider: 'p', model: 'm2' });
    const afterUpsert = await readRegistryRevision(db());
    expect(afterUpsert).toBeGreaterThan(afterAlias);

    const { api_key } = await createApiKey(db(), { name: 'k' });
    await updateApiKey(db(), api_key.id, { rpm_limit: 5 });
    const afterKey = await readRegistryRevision(db());
    expect(afterKey).toBeGreaterThan(afterUpsert + 1);

    await revokeApiKey(db(), api_key.id);
    const afterRevoke = await readRegistryRevision(db());
    expect(afterRevoke).toBeGreaterThan(afterKey);

    await updateProvider(db(), provider.id, { enabled: false });
    expect(await readRegistryRevision(db())).toBeGreaterThan(afterRevoke);
  });

  it('stays put when only last_used_at is written, and when a write is rolled back', async () => {
    const { api_key } = await createApiKey(db(), { name: 'busy' });
    const before = await readRegistryRevision(db());
    await touchApiKeysLastUsed(db(), [{ id: api_key.id, at: new Date() }]);
    expect(await readRegistryRevision(db())).toBe(before);

    const provider = await createProvider(db(), { name: 'kept', kind: 'openai', base_url: 'http://k/v1' });
    await createAlias(db(), { name: 'uses-kept', provider: 'kept', model: 'm' });
    const beforeRefusal = await readRegistryRevision(db());
    await expect(deleteProvider(db(), provider.id)).rejects.toThrow(/used by aliases/);
    expect(await readRegistryRevision(db())).toBe(beforeRefusal);
  });

  it('notifies listeners once per committed transaction', async () => {
    const heard: string[] = [];
    const unlisten = await t.database.listen(REGISTRY_CHANNEL, (payload) => heard.push(payload));
    try {
      await db().transaction(async (tx) => {
        for (const name of ['x1', 'x2', 'x3']) {
          await createProvider(tx, { name, kind: 'openai', base_url: 'http://x/v1' });
        }
      });
      const deadline = Date.now() + 10_000;
      while (heard.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      // Give a duplicate (the bug this guards against) time to arrive.
      await createApiKey(db(), { name: 'marker' });
      while (heard.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual(['changed', 'changed']);
    } finally {
      await unlisten();
    }
  });
});
