import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './support/admin-api.js';
import { startTestGateway, type TestGateway, testEngines } from './support/gateway.js';

describe.each(testEngines())('admin API: aliases on %s', (engine) => {
  let gw: TestGateway;
  let api: ReturnType<typeof adminApi>;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    api = adminApi(gw.url);
    for (const name of ['deepseek', 'openrouter']) {
      const created = await api('POST', '/providers', {
        name,
        kind: 'openai',
        base_url: `http://${name}.test/v1`,
      });
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('creates, reads, lists, changes and deletes an alias that names its provider', async () => {
    const body = {
      name: 'my-alias',
      provider: 'deepseek',
      model: 'deepseek-chat',
      max_output_tokens: 8192,
      context_window: 128000,
      reasoning: false,
      params: { temperature: 0.6 },
      fallbacks: [{ provider: 'openrouter', model: 'deepseek/deepseek-chat' }],
      input_price_per_mtok: 0.27,
      output_price_per_mtok: 1.1,
    };
    const created = await api('POST', '/aliases', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, enabled: true, supports_tools: true, from_config: false });
    expect(created.body).not.toHaveProperty('provider_id');
    const id: string = created.body.id;

    expect((await api('GET', `/aliases/${id}`)).body).toEqual(created.body);
    const list = await api('GET', '/aliases');
    expect(list.body).toEqual({ data: [created.body], next_cursor: null });
    expect(gw.gateway.registry.current().aliases.lookup('my-alias')).toMatchObject({
      alias: { model: 'deepseek-chat' },
    });

    const patched = await api('PATCH', `/aliases/${id}`, {
      provider: 'openrouter',
      model: 'deepseek/deepseek-chat-v3',
      max_output_tokens: null,
      input_price_per_mtok: null,
      fallbacks: [],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      id,
      provider: 'openrouter',
      model: 'deepseek/deepseek-chat-v3',
      max_output_tokens: null,
      context_window: 128000,
      input_price_per_mtok: null,
      output_price_per_mtok: 1.1,
      fallbacks: [],
    });

    expect((await api('DELETE', `/aliases/${id}`)).status).toBe(204);
    expect((await api('GET', `/aliases/${id}`)).status).toBe(404);
    expect((await api('DELETE', `/aliases/${id}`)).status).toBe(404);
    expect(gw.gateway.registry.current().aliases.lookup('my-alias')).toBeUndefined();
  });

  it('fills what a known model leaves out from the model catalog, and an override file corrects it', async () => {
    const known = await api('POST', '/aliases', {
      name: 'from-catalog',
      provider: 'deepseek',
      model: 'deepseek-chat',
      max_output_tokens: 4000,
    });
    expect(known.status).toBe(201);
    // The operator's own value wins; the rest is the catalog's.
    expect(known.body).toMatchObject({
      max_output_tokens: 4000,
      context_window: 128000,
      input_price_per_mtok: 0.56,
      output_price_per_mtok: 1.68,
      reasoning: false,
      supports_tools: true,
    });
    const unknown = await api('POST', '/aliases', {
      name: 'not-in-catalog',
      provider: 'deepseek',
      model: 'x-1',
    });
    expect(unknown.body).toMatchObject({ context_window: null, input_price_per_mtok: null });

    const catalog = await api('GET', '/model-catalog');
    expect(catalog.status).toBe(200);
    const entry = catalog.body.models.find((m: { id: string }) => m.id === 'deepseek-chat');
    writeFileSync(
      join(gw.config.data_dir, 'model-catalog.json'),
      JSON.stringify({ models: [{ ...entry, id: 'x-1', context_window: 32000, input_price_per_mtok: 9 }] }),
    );
    const overridden = await api('POST', '/aliases', {
      name: 'overridden',
      provider: 'deepseek',
      model: 'x-1',
    });
    expect(overridden.body).toMatchObject({ context_window: 32000, input_price_per_mtok: 9 });

    writeFileSync(join(gw.config.data_dir, 'model-catalog.json'), '{"models": [{"id": 3}]}');
    const broken = await api('GET', '/model-catalog');
    expect(broken.status).toBe(500);
    expect(broken.body.error.message).toMatch(/model-catalog\.json: models\.0\.id/);
    rmSync(join(gw.config.data_dir, 'model-catalog.json'));
    for (const row of (await api('GET', '/aliases')).body.data) await api('DELETE', `/aliases/${row.id}`);
  });

  it('names the bad field of an invalid body', async () => {
    const cases: [unknown, string][] = [
      [
        { name: 'a', provider: 'deepseek', model: 'm', fallbacks: [{ provider: 'openrouter', model: '' }] },
        'fallbacks.0.model',
      ],
      [{ name: 'a', provider: 'deepseek' }, 'model'],
      [{ name: '', provider: 'deepseek', model: 'm' }, 'name'],
      [{ name: 'my alias', provider: 'deepseek', model: 'm' }, 'name'],
      [{ name: 'a', provider: 'deepseek', model: 'm', max_output_tokens: 0 }, 'max_output_tokens'],
      [{ name: 'a', provider: 'deepseek', model: 'm', params: [1] }, 'params'],
      [{ name: 'a', provider: 'nobody', model: 'm' }, 'provider'],
      [
        { name: 'a', provider: 'deepseek', model: 'm', fallbacks: [{ provider: 'x', model: 'm' }] },
        'fallbacks.0.provider',
      ],
    ];
    for (const [body, field] of cases) {
      const answer = await api('POST', '/aliases', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', field });
    }
    expect((await api('GET', '/aliases')).body.data).toEqual([]);
  });

  it('answers a taken name with 409 on name, on create and on rename', async () => {
    const first = await api('POST', '/aliases', { name: 'claude-*', provider: 'deepseek', model: 'm' });
    const second = await api('POST', '/aliases', {
      name: 'claude-haiku-*',
      provider: 'deepseek',
      model: 'm',
    });
    const again = await api('POST', '/aliases', { name: 'claude-*', provider: 'openrouter', model: 'm' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      field: 'name',
      message: 'an alias named "claude-*" already exists',
    });
    const rename = await api('PATCH', `/aliases/${second.body.id}`, { name: 'claude-*' });
    expect(rename.status).toBe(409);
    expect(rename.body.error.field).toBe('name');
    await api('DELETE', `/aliases/${first.body.id}`);
    await api('DELETE', `/aliases/${second.body.id}`);
  });

  it('pages a list with limit and next_cursor', async () => {
    for (const name of ['p1', 'p2', 'p3'])
      await api('POST', '/aliases', { name, provider: 'deepseek', model: 'm' });
    const first = await api('GET', '/aliases?limit=2');
    expect(first.body.data.map((a: { name: string }) => a.name)).toEqual(['p1', 'p2']);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await api('GET', `/aliases?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body).toMatchObject({ data: [{ name: 'p3' }], next_cursor: null });
    expect((await api('GET', '/aliases?limit=0')).body.error.field).toBe('limit');
    expect((await api('GET', '/aliases?cursor=bogus')).body.error.field).toBe('cursor');
  });
});
