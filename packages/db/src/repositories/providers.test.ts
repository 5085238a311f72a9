import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../errors';
import { createTestDatabase, type TestDatabase, testEngines } from '../testing';
import { createAlias } from './aliases';
import {
  createProvider,
  deleteProvider,
  getProvider,
  listProviders,
  updateProvider,
  upsertProviderByName,
} from './providers';

describe.each(testEngines())('providers repository on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.dispose());
  const db = () => t.database.db;
  const providerNamed = async (name: string) =>
    (await listProviders(db())).find((p) => p.name === name) ?? null;

  it('creates a provider with defaults for what was not given', async () => {
    const created = await createProvider(db(), {
      name: 'deepseek',
      kind: 'openai',
      base_url: 'https://api.deepseek.com/v1',
      api_key_encrypted: 'v1:ciphertext',
    });
    expect(created).toMatchObject({
      name: 'deepseek',
      kind: 'openai',
      api_key_encrypted: 'v1:ciphertext',
      headers: {},
      quirks: {},
      preset: null,
      allow_direct: false,
      enabled: true,
      from_config: false,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.created_at).toBeInstanceOf(Date);
    expect(await getProvider(db(), created.id)).toEqual(created);
    expect(await providerNamed('deepseek')).toEqual(created);
  });

  it('answers null for an unknown or malformed id and an unknown name', async () => {
    expect(await getProvider(db(), '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await getProvider(db(), 'not-a-uuid')).toBeNull();
    expect(await providerNamed('nobody')).toBeNull();
  });

  it('refuses a second provider with the same name as a ConflictError on name', async () => {
    await createProvider(db(), { name: 'twice', kind: 'openai', base_url: 'http://a' });
    const error = await createProvider(db(), {
      name: 'twice',
      kind: 'anthropic',
      base_url: 'http://b',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ field: 'name', message: 'a provider named "twice" already exists' });
  });

  it('rejects a kind other than openai or anthropic', async () => {
    await expect(
      createProvider(db(), { name: 'weird', kind: 'gemini' as 'openai', base_url: 'http://w' }),
    ).rejects.toThrow();
  });

  it('updates only the fields of the patch and moves updated_at', async () => {
    const created = await createProvider(db(), {
      name: 'patchme',
      kind: 'openai',
      base_url: 'http://old',
      headers: { 'X-Title': 'aurora' },
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await updateProvider(db(), created.id, {
      base_url: 'http://new',
      quirks: { think_tags: true },
    });
    expect(updated).toMatchObject({
      id: created.id,
      name: 'patchme',
      base_url: 'http://new',
      headers: { 'X-Title': 'aurora' },
      quirks: { think_tags: true },
    });
    expect(updated!.updated_at.getTime()).toBeGreaterThan(created.updated_at.getTime());
    expect(await updateProvider(db(), '00000000-0000-4000-8000-000000000000', { enabled: false })).toBeNull();
  });

  it('refuses a rename onto a taken name', async () => {
    const a = await createProvider(db(), { name: 'rename-a', kind: 'openai', base_url: 'http://a' });
    await createProvider(db(), { name: 'rename-b', kind: 'openai', base_url: 'http://b' });
    await expect(updateProvider(db(), a.id, { name: 'rename-b' })).rejects.toMatchObject({
      name: 'ConflictError',
      field: 'name',
    });
  });

  it('lists providers by name', async () => {
    const names = (await listProviders(db())).map((p) => p.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['deepseek', 'patchme', 'twice']));
  });

  it('deletes a provider once and reports whether it existed', async () => {
    const created = await createProvider(db(), { name: 'short-lived', kind: 'openai', base_url: 'http://x' });
    expect(await deleteProvider(db(), created.id)).toBe(true);
    expect(await deleteProvider(db(), created.id)).toBe(false);
    expect(await getProvider(db(), created.id)).toBeNull();
  });

  it('refuses to delete a provider that aliases still use, naming them', async () => {
    const used = await createProvider(db(), { name: 'in-use', kind: 'openai', base_url: 'http://x' });
    await createAlias(db(), { name: 'uses-it', provider: 'in-use', model: 'm' });
    const error = await deleteProvider(db(), used.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toContain('uses-it');
    expect(await getProvider(db(), used.id)).not.toBeNull();
  });

  it('upserts config-as-code entries by name, overwriting only the fields the entry sets', async () => {
    const first = await upsertProviderByName(db(), {
      name: 'openrouter',
      kind: 'openai',
      base_url: 'https://openrouter.ai/api/v1',
      preset: 'openrouter',
    });
    expect(first).toMatchObject({ from_config: true, preset: 'openrouter', enabled: true });
    // An operator edits it in the UI; the file does not mention `enabled`, so that edit survives.
    await updateProvider(db(), first.id, { enabled: false, api_key_encrypted: 'v1:from-ui' });
    const second = await upsertProviderByName(db(), {
      name: 'openrouter',
      kind: 'openai',
      base_url: 'https://openrouter.ai/api/v2',
      quirks: { cache_control: true },
      api_key_encrypted: undefined,
    });
    expect(second).toMatchObject({
      id: first.id,
      base_url: 'https://openrouter.ai/api/v2',
      quirks: { cache_control: true },
      preset: 'openrouter',
      enabled: false,
      api_key_encrypted: 'v1:from-ui',
      from_config: true,
    });
  });

  it('marks a provider created in the UI as from config once the file takes it over', async () => {
    await createProvider(db(), { name: 'adopted', kind: 'anthropic', base_url: 'http://a' });
    const upserted = await upsertProviderByName(db(), {
      name: 'adopted',
      kind: 'anthropic',
      base_url: 'http://a',
    });
    expect(upserted.from_config).toBe(true);
  });
});
