import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError } from '../errors';
import { createTestDatabase, type TestDatabase, testEngines } from '../testing';
import { createAlias, deleteAlias, getAlias, listAliases, updateAlias, upsertAliasByName } from './aliases';
import { createProvider, updateProvider } from './providers';

describe.each(testEngines())('aliases repository on %s', (engine) => {
  let t: TestDatabase;
  let deepseekId: string;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    deepseekId = (
      await createProvider(t.database.db, { name: 'deepseek', kind: 'openai', base_url: 'http://d' })
    ).id;
    await createProvider(t.database.db, { name: 'openrouter', kind: 'openai', base_url: 'http://o' });
  });
  afterAll(() => t.dispose());
  const db = () => t.database.db;
  const aliasNamed = async (name: string) => (await listAliases(db())).find((a) => a.name === name) ?? null;

  it('creates an alias that names its provider and stores its id', async () => {
    const created = await createAlias(db(), {
      name: 'my-alias',
      provider: 'deepseek',
      model: 'deepseek-chat',
      max_output_tokens: 8192,
      context_window: 128_000,
      params: { temperature: 0.6 },
      fallbacks: [{ provider: 'openrouter', model: 'deepseek/deepseek-chat' }],
      input_price_per_mtok: 0.27,
      output_price_per_mtok: 1.1,
    });
    expect(created).toMatchObject({
      name: 'my-alias',
      provider: 'deepseek',
      provider_id: deepseekId,
      model: 'deepseek-chat',
      reasoning: false,
      supports_tools: true,
      enabled: true,
      from_config: false,
      params: { temperature: 0.6 },
      fallbacks: [{ provider: 'openrouter', model: 'deepseek/deepseek-chat' }],
      input_price_per_mtok: 0.27,
      output_price_per_mtok: 1.1,
    });
    expect(await getAlias(db(), created.id)).toEqual(created);
    expect(await aliasNamed('my-alias')).toEqual(created);
  });

  it('answers null for unknown ids and names', async () => {
    expect(await getAlias(db(), '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await getAlias(db(), '42')).toBeNull();
    expect(await aliasNamed('nope')).toBeNull();
    expect(await updateAlias(db(), '42', { model: 'x' })).toBeNull();
    expect(await deleteAlias(db(), '42')).toBe(false);
  });

  it('refuses an unknown provider or fallback provider with the field that is wrong', async () => {
    await expect(createAlias(db(), { name: 'orphan', provider: 'ghost', model: 'm' })).rejects.toMatchObject({
      name: 'InvalidInputError',
      field: 'provider',
    });
    const error = await createAlias(db(), {
      name: 'orphan',
      provider: 'deepseek',
      model: 'm',
      fallbacks: [
        { provider: 'openrouter', model: 'a' },
        { provider: 'ghost', model: 'b' },
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'fallbacks.1.provider' });
    expect(await aliasNamed('orphan')).toBeNull();
  });

  it('refuses a duplicate name as a ConflictError on name', async () => {
    await createAlias(db(), { name: 'claude-*', provider: 'deepseek', model: 'deepseek-chat' });
    const error = await createAlias(db(), { name: 'claude-*', provider: 'openrouter', model: 'x' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ field: 'name' });
  });

  it('moves an alias to another provider and reports the new provider name', async () => {
    const created = await createAlias(db(), { name: 'movable', provider: 'deepseek', model: 'a' });
    const moved = await updateAlias(db(), created.id, {
      provider: 'openrouter',
      model: 'b',
      reasoning: true,
    });
    expect(moved).toMatchObject({ id: created.id, provider: 'openrouter', model: 'b', reasoning: true });
    expect(moved!.provider_id).not.toBe(deepseekId);
    const renamedOnly = await updateAlias(db(), created.id, { name: 'moved' });
    expect(renamedOnly).toMatchObject({ name: 'moved', provider: 'openrouter', model: 'b' });
    await expect(updateAlias(db(), created.id, { provider: 'ghost' })).rejects.toMatchObject({
      field: 'provider',
    });
    await expect(updateAlias(db(), created.id, { name: 'my-alias' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('follows a provider rename, since it stores the provider by id', async () => {
    const p = await createProvider(db(), { name: 'before', kind: 'openai', base_url: 'http://x' });
    const alias = await createAlias(db(), { name: 'follows', provider: 'before', model: 'm' });
    await updateProvider(db(), p.id, { name: 'after' });
    expect((await getAlias(db(), alias.id))?.provider).toBe('after');
  });

  it('lists aliases in creation order, then by name, with provider names', async () => {
    const list = await listAliases(db());
    expect(list.map((a) => a.name).sort()).toEqual(['claude-*', 'follows', 'moved', 'my-alias']);
    const order = list.map((a) => [a.created_at.getTime(), a.name] as const);
    expect(order).toEqual([...order].sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1)));
    expect(list.find((a) => a.name === 'my-alias')?.provider).toBe('deepseek');
  });

  it('deletes an alias once', async () => {
    const created = await createAlias(db(), { name: 'doomed', provider: 'deepseek', model: 'm' });
    expect(await deleteAlias(db(), created.id)).toBe(true);
    expect(await deleteAlias(db(), created.id)).toBe(false);
  });

  it('upserts config-as-code aliases by name, keeping fields the entry leaves out', async () => {
    const first = await upsertAliasByName(db(), {
      name: 'from-file',
      provider: 'deepseek',
      model: 'deepseek-chat',
      max_output_tokens: 8192,
    });
    expect(first).toMatchObject({ from_config: true, provider: 'deepseek', max_output_tokens: 8192 });
    await updateAlias(db(), first.id, { input_price_per_mtok: 2 });
    const second = await upsertAliasByName(db(), {
      name: 'from-file',
      provider: 'openrouter',
      model: 'deepseek/deepseek-chat',
      max_output_tokens: undefined,
    });
    expect(second).toMatchObject({
      id: first.id,
      provider: 'openrouter',
      model: 'deepseek/deepseek-chat',
      max_output_tokens: 8192,
      input_price_per_mtok: 2,
      from_config: true,
    });
    expect(await getAlias(db(), first.id)).toEqual(second);
    await expect(
      upsertAliasByName(db(), { name: 'from-file', provider: 'ghost', model: 'x' }),
    ).rejects.toMatchObject({ field: 'provider' });
  });

  it('stores, changes and clears the auto mode judge of an alias', async () => {
    const created = await createAlias(db(), {
      name: 'judged',
      provider: 'deepseek',
      model: 'a',
      auto_mode_judge: 'strict-judge',
    });
    expect(await getAlias(db(), created.id)).toMatchObject({ auto_mode_judge: 'strict-judge' });
    expect(await updateAlias(db(), created.id, { auto_mode_judge: 'other-judge' })).toMatchObject({
      auto_mode_judge: 'other-judge',
    });
    expect(await updateAlias(db(), created.id, { auto_mode_judge: null })).toMatchObject({
      auto_mode_judge: null,
    });
    const upserted = await upsertAliasByName(db(), {
      name: 'judged',
      provider: 'deepseek',
      model: 'a',
      auto_mode_judge: 'yaml-judge',
    });
    expect(upserted).toMatchObject({ id: created.id, auto_mode_judge: 'yaml-judge' });
  });
});
