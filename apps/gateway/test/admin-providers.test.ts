import { getProvider } from '@aurora/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './support/admin-api.js';
import { startTestGateway, type TestGateway, testEngines } from './support/gateway.js';
import { type ScriptedUpstream, startScriptedUpstream } from './support/scripted-upstream.js';

const SECRET = 'sk-upstream-secret-0123456789';

describe.each(testEngines())('admin API: providers on %s', (engine) => {
  let gw: TestGateway;
  let upstream: ScriptedUpstream;
  let api: ReturnType<typeof adminApi>;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    upstream = await startScriptedUpstream({ models: ['model-b', 'model-a'] });
    api = adminApi(gw.url);
  });
  afterAll(async () => {
    await upstream?.close();
    await gw?.stop();
  });

  it('creates, reads, lists, changes and deletes a provider', async () => {
    const created = await api('POST', '/providers', {
      name: 'local',
      kind: 'openai',
      base_url: 'http://127.0.0.1:9/v1',
      headers: { 'X-Title': 'aurora' },
      quirks: { merge_system_messages: true },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'local',
      kind: 'openai',
      base_url: 'http://127.0.0.1:9/v1',
      preset: null,
      api_key_set: false,
      headers: { 'X-Title': 'aurora' },
      quirks: { merge_system_messages: true },
      allow_direct: false,
      enabled: true,
      from_config: false,
    });
    const id: string = created.body.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    expect((await api('GET', `/providers/${id}`)).body).toEqual(created.body);
    const list = await api('GET', '/providers');
    expect(list.body.next_cursor).toBeNull();
    expect(list.body.data.map((p: { name: string }) => p.name)).toContain('local');

    const patched = await api('PATCH', `/providers/${id}`, {
      enabled: false,
      base_url: 'http://127.0.0.1:10/v1',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      id,
      enabled: false,
      base_url: 'http://127.0.0.1:10/v1',
      kind: 'openai',
    });
    // The registry reloaded before the answer, so the hot path already sees the change.
    expect(gw.gateway.registry.current().providers.get('local')?.enabled).toBe(false);

    expect((await api('DELETE', `/providers/${id}`)).status).toBe(204);
    expect((await api('GET', `/providers/${id}`)).status).toBe(404);
    expect(gw.gateway.registry.current().providers.has('local')).toBe(false);
  });

  it('fills kind and base URL from a preset and keeps the quirks as overrides', async () => {
    const created = await api('POST', '/providers', {
      name: 'or',
      preset: 'openrouter',
      quirks: { top_k: false },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      preset: 'openrouter',
      kind: 'openai',
      base_url: 'https://openrouter.ai/api/v1',
      quirks: { top_k: false },
    });
    const runtime = gw.gateway.registry.current().providers.get('or');
    expect(runtime?.quirks).toMatchObject({ thinking_param: 'reasoning', top_k: false });
  });

  it('stores the API key encrypted and never returns it', async () => {
    const created = await api('POST', '/providers', {
      name: 'secretive',
      kind: 'openai',
      base_url: 'http://127.0.0.1:9/v1',
      api_key: SECRET,
    });
    expect(created.body.api_key_set).toBe(true);
    const id: string = created.body.id;
    const answers = [
      created,
      await api('GET', `/providers/${id}`),
      await api('GET', '/providers'),
      await api('PATCH', `/providers/${id}`, { api_key: `${SECRET}-2` }),
    ];
    for (const answer of answers) {
      expect(answer.text).not.toContain(SECRET);
      expect(answer.text).not.toContain('api_key_encrypted');
    }
    const row = await getProvider(gw.gateway.database.db, id);
    expect(row?.api_key_encrypted).toMatch(/^v1\./);
    expect(row?.api_key_encrypted).not.toContain(SECRET);
    expect(gw.gateway.registry.current().providers.get('secretive')?.apiKey).toBe(`${SECRET}-2`);

    const cleared = await api('PATCH', `/providers/${id}`, { api_key: null });
    expect(cleared.body.api_key_set).toBe(false);
    expect((await getProvider(gw.gateway.database.db, id))?.api_key_encrypted).toBeNull();
  });

  it('refuses bad bodies with the field at fault', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'has space', kind: 'openai', base_url: 'http://x' }, 'name'],
      [{ name: 'p', kind: 'gemini', base_url: 'http://x' }, 'kind'],
      [{ name: 'p', kind: 'openai', base_url: 'not a url' }, 'base_url'],
      [{ name: 'p', base_url: 'http://x' }, 'kind'],
      [{ name: 'p', kind: 'openai' }, 'base_url'],
      [{ name: 'p', preset: 'nonesuch' }, 'preset'],
      [
        { name: 'p', kind: 'openai', base_url: 'http://x', quirks: { max_tokens_field: 'tokens' } },
        'quirks.max_tokens_field',
      ],
      [
        { name: 'p', kind: 'openai', base_url: 'http://x', quirks: { max_token_field: 'max_tokens' } },
        'quirks',
      ],
    ];
    for (const [body, field] of cases) {
      const answer = await api('POST', '/providers', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', field });
      expect(answer.body.error.message).toEqual(expect.any(String));
    }
    const notJson = await fetch(`${gw.url}/admin/api/providers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.config.master_key}`, 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });

  it('answers a taken name with 409 on name', async () => {
    const body = { name: 'twice', kind: 'openai', base_url: 'http://127.0.0.1:9/v1' };
    expect((await api('POST', '/providers', body)).status).toBe(201);
    const again = await api('POST', '/providers', body);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      field: 'name',
      message: 'a provider named "twice" already exists',
    });
  });

  it('refuses to delete or rename a provider that aliases still use', async () => {
    const target = (
      await api('POST', '/providers', { name: 'busy', kind: 'openai', base_url: 'http://a/v1' })
    ).body;
    const backup = (
      await api('POST', '/providers', { name: 'backup', kind: 'openai', base_url: 'http://b/v1' })
    ).body;
    const alias = await api('POST', '/aliases', {
      name: 'uses-busy',
      provider: 'busy',
      model: 'm',
      fallbacks: [{ provider: 'backup', model: 'm2' }],
    });
    expect(alias.status).toBe(201);

    const refused = await api('DELETE', `/providers/${target.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'provider "busy" is used by aliases uses-busy; point them at another provider or delete them first',
    );
    const fallbackRefused = await api('DELETE', `/providers/${backup.id}`);
    expect(fallbackRefused.status).toBe(409);
    expect(fallbackRefused.body.error.message).toContain('uses-busy');
    const renameRefused = await api('PATCH', `/providers/${backup.id}`, { name: 'backup-2' });
    expect(renameRefused.status).toBe(409);
    expect(renameRefused.body.error.field).toBe('name');
    // The alias names its target by id, so renaming the target is fine and shows up in the alias.
    expect((await api('PATCH', `/providers/${target.id}`, { name: 'busy-2' })).status).toBe(200);
    expect((await api('GET', `/aliases/${alias.body.id}`)).body.provider).toBe('busy-2');

    expect((await api('DELETE', `/aliases/${alias.body.id}`)).status).toBe(204);
    expect((await api('DELETE', `/providers/${target.id}`)).status).toBe(204);
    expect((await api('DELETE', `/providers/${backup.id}`)).status).toBe(204);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await api('GET', `/providers/${id}`)).status).toBe(404);
      expect((await api('PATCH', `/providers/${id}`, { enabled: true })).status).toBe(404);
      expect((await api('DELETE', `/providers/${id}`)).status).toBe(404);
      expect((await api('POST', `/providers/${id}/test`)).status).toBe(404);
    }
  });

  it("tests the connection by listing the upstream's models with the provider's key and headers", async () => {
    const created = await api('POST', '/providers', {
      name: 'scripted',
      kind: 'openai',
      base_url: upstream.url,
      api_key: SECRET,
      headers: { 'X-Title': 'aurora' },
    });
    const result = await api('POST', `/providers/${created.body.id}/test`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: true, models: ['model-a', 'model-b'] });
    const seen = upstream.requests.at(-1)!;
    expect(seen).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(seen.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(seen.headers['x-title']).toBe('aurora');
  });

  it("reports the upstream's refusal without echoing the key", async () => {
    const created = await api('POST', '/providers', {
      name: 'refused',
      kind: 'openai',
      base_url: upstream.url,
      api_key: SECRET,
    });
    upstream.enqueue({
      path: '/v1/models',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${SECRET}`, type: 'invalid_request_error' } },
    });
    const result = await api('POST', `/providers/${created.body.id}/test`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: false, status: 401 });
    expect(result.body.message).toContain('Incorrect API key provided: ***');
    expect(result.text).not.toContain(SECRET);
  });

  it('uses the Messages API headers for an anthropic-kind provider', async () => {
    const created = await api('POST', '/providers', {
      name: 'native',
      kind: 'anthropic',
      base_url: upstream.url.replace(/\/v1$/, ''),
      api_key: SECRET,
    });
    const result = await api('POST', `/providers/${created.body.id}/test`);
    expect(result.body).toMatchObject({ ok: true, models: ['model-a', 'model-b'] });
    const seen = upstream.requests.at(-1)!;
    expect(seen.path).toBe('/v1/models');
    expect(seen.headers['x-api-key']).toBe(SECRET);
    expect(seen.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('says why when the upstream cannot be reached', async () => {
    const created = await api('POST', '/providers', {
      name: 'nowhere',
      kind: 'openai',
      base_url: 'http://127.0.0.1:1/v1',
    });
    const result = await api('POST', `/providers/${created.body.id}/test`);
    expect(result.body.ok).toBe(false);
    expect(result.body.status).toBeUndefined();
    expect(result.body.message).toContain('could not reach http://127.0.0.1:1/v1/models');
  });
});
