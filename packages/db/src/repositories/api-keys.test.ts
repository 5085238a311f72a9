import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../api-key-secret';
import { createTestDatabase, type TestDatabase, testEngines } from '../testing';
import {
  createApiKey,
  getApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKeysLastUsed,
  updateApiKey,
} from './api-keys';

describe.each(testEngines())('api keys repository on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.dispose());
  const db = () => t.database.db;
  const keyWithHash = async (hash: string) =>
    (await listApiKeys(db())).find((k) => k.key_hash === hash) ?? null;

  it('creates a key, returns the secret once and stores only its hash and prefix', async () => {
    const expires = new Date('2030-01-01T00:00:00.000Z');
    const { key, api_key } = await createApiKey(db(), {
      name: 'ci',
      expires_at: expires,
      allowed_aliases: ['my-alias', 'claude-*'],
      rpm_limit: 60,
      tpm_limit: 100_000,
      budget_tokens: 5_000_000_000,
      budget_usd: 12.5,
    });
    expect(key).toMatch(/^sk-aurora-[A-Za-z0-9_-]{43}$/);
    expect(api_key).toMatchObject({
      name: 'ci',
      key_hash: hashApiKey(key),
      prefix: key.slice(0, 16),
      expires_at: expires,
      allowed_aliases: ['my-alias', 'claude-*'],
      rpm_limit: 60,
      tpm_limit: 100_000,
      budget_tokens: 5_000_000_000,
      budget_usd: 12.5,
      last_used_at: null,
      revoked_at: null,
    });
    expect(JSON.stringify(api_key)).not.toContain(key.slice(16));
    expect(await keyWithHash(hashApiKey(key))).toEqual(api_key);
    expect(await getApiKey(db(), api_key.id)).toEqual(api_key);
  });

  it('answers null for an unknown hash or id', async () => {
    expect(await keyWithHash(hashApiKey('sk-aurora-nope'))).toBeNull();
    expect(await getApiKey(db(), 'nope')).toBeNull();
    expect(await updateApiKey(db(), 'nope', { name: 'x' })).toBeNull();
    expect(await revokeApiKey(db(), '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('leaves allow-list and limits null (unrestricted) when not given', async () => {
    const { api_key } = await createApiKey(db(), { name: 'open' });
    expect(api_key).toMatchObject({
      allowed_aliases: null,
      rpm_limit: null,
      budget_usd: null,
      expires_at: null,
    });
  });

  it('updates only the given fields, and clears a field set to null', async () => {
    const { api_key } = await createApiKey(db(), { name: 'editable', rpm_limit: 10, allowed_aliases: ['a'] });
    const updated = await updateApiKey(db(), api_key.id, { name: 'edited', allowed_aliases: null });
    expect(updated).toMatchObject({ name: 'edited', rpm_limit: 10, allowed_aliases: null });
    expect(await updateApiKey(db(), api_key.id, {})).toEqual(updated);
  });

  it('revokes a key and keeps the first revocation time', async () => {
    const { api_key } = await createApiKey(db(), { name: 'leaked' });
    const first = new Date('2026-03-01T10:00:00.000Z');
    expect((await revokeApiKey(db(), api_key.id, first))?.revoked_at).toEqual(first);
    const again = await revokeApiKey(db(), api_key.id, new Date('2026-03-02T10:00:00.000Z'));
    expect(again?.revoked_at).toEqual(first);
  });

  it('lists every key, revoked ones too, newest first', async () => {
    const list = await listApiKeys(db());
    expect(list.map((k) => k.name).sort()).toEqual(['ci', 'edited', 'leaked', 'open']);
    const times = list.map((k) => k.created_at.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('touches last_used_at of many keys in one call, never moving a time backwards', async () => {
    const a = (await createApiKey(db(), { name: 'touch-a' })).api_key;
    const b = (await createApiKey(db(), { name: 'touch-b' })).api_key;
    const untouched = (await createApiKey(db(), { name: 'touch-none' })).api_key;
    const t1 = new Date('2026-05-01T12:00:00.000Z');
    const t2 = new Date('2026-05-01T12:00:05.123Z');
    await touchApiKeysLastUsed(db(), [
      { id: a.id, at: t1 },
      { id: b.id, at: t1 },
      { id: a.id, at: t2 },
      { id: 'not-a-uuid', at: t2 },
    ]);
    expect((await getApiKey(db(), a.id))?.last_used_at).toEqual(t2);
    expect((await getApiKey(db(), b.id))?.last_used_at).toEqual(t1);
    expect((await getApiKey(db(), untouched.id))?.last_used_at).toBeNull();
    await touchApiKeysLastUsed(db(), [{ id: a.id, at: t1 }]);
    expect((await getApiKey(db(), a.id))?.last_used_at).toEqual(t2);
    await expect(touchApiKeysLastUsed(db(), [])).resolves.toBeUndefined();
  });

  it('stores, changes and clears the auto mode judge of a key', async () => {
    const { api_key } = await createApiKey(db(), { name: 'judged', auto_mode_judge: 'strict-judge' });
    expect(await getApiKey(db(), api_key.id)).toMatchObject({ auto_mode_judge: 'strict-judge' });
    expect(await updateApiKey(db(), api_key.id, { auto_mode_judge: 'other-judge' })).toMatchObject({
      auto_mode_judge: 'other-judge',
    });
    expect(await updateApiKey(db(), api_key.id, { auto_mode_judge: null })).toMatchObject({
      auto_mode_judge: null,
    });
    expect((await createApiKey(db(), { name: 'unjudged' })).api_key.auto_mode_judge).toBeNull();
  });
});
