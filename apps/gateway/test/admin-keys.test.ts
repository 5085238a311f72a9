import { getApiKey, hashApiKey, insertRequestLogs } from '@aurora/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './support/admin-api.js';
import { startTestGateway, type TestGateway, testEngines } from './support/gateway.js';

describe.each(testEngines())('admin API: keys on %s', (engine) => {
  let gw: TestGateway;
  let api: ReturnType<typeof adminApi>;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    api = adminApi(gw.url);
    // Allow-lists must name aliases that exist.
    expect(
      (await api('POST', '/providers', { name: 'up', kind: 'openai', base_url: 'http://up.test/v1' })).status,
    ).toBe(201);
    for (const name of ['my-alias', 'claude-sonnet-5']) {
      expect((await api('POST', '/aliases', { name, provider: 'up', model: 'm' })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('creates a key, shows the full key once and only its hash is stored', async () => {
    const created = await api('POST', '/keys', {
      name: 'ci',
      expires_at: '2099-01-01T00:00:00+00:00',
      allowed_aliases: ['my-alias', 'claude-*'],
      rpm_limit: 60,
      budget_usd: 5,
    });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^sk-aurora-[A-Za-z0-9_-]{43,}$/);
    expect(key.startsWith(created.body.prefix)).toBe(true);
    expect(created.body).toMatchObject({
      name: 'ci',
      expires_at: '2099-01-01T00:00:00.000Z',
      revoked_at: null,
      last_used_at: null,
      allowed_aliases: ['my-alias', 'claude-*'],
      rpm_limit: 60,
      tpm_limit: null,
      budget_tokens: null,
      budget_usd: 5,
      spend_usd: 0,
      spend_tokens: 0,
    });
    expect(created.body).not.toHaveProperty('key_hash');

    const row = await getApiKey(gw.gateway.database.db, created.body.id);
    expect(row?.key_hash).toBe(hashApiKey(key));
    expect(Object.values(row ?? {})).not.toContain(key);
    // Usable at once: the registry knows it before the answer went out.
    expect(gw.gateway.registry.current().keysByHash.get(hashApiKey(key))?.name).toBe('ci');

    const list = await api('GET', '/keys');
    expect(list.text).not.toContain(key);
    expect(list.text).not.toContain('key_hash');
    const { key: _shownOnce, ...listed } = created.body;
    expect(list.body.data).toEqual([listed]);
    expect((await api('GET', `/keys/${created.body.id}`)).text).not.toContain(key);
  });

  it('refuses the managed key on the admin API', async () => {
    const created = await api('POST', '/keys', { name: 'not-admin' });
    const asKey = adminApi(gw.url, created.body.key);
    const whoami = await asKey('GET', '/whoami');
    expect(whoami.status).toBe(401);
    expect(whoami.body.error.type).toBe('authentication_error');
    expect((await asKey('GET', '/keys')).status).toBe(401);
  });

  it('changes limits, lifts them with null, and revokes on DELETE', async () => {
    const created = (
      await api('POST', '/keys', { name: 'changing', rpm_limit: 10, expires_at: '2099-01-01T00:00:00Z' })
    ).body;
    const patched = await api('PATCH', `/keys/${created.id}`, {
      name: 'changed',
      rpm_limit: null,
      expires_at: null,
      tpm_limit: 1000,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'changed',
      rpm_limit: null,
      expires_at: null,
      tpm_limit: 1000,
    });

    const revoked = await api('DELETE', `/keys/${created.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).toEqual(expect.any(String));
    expect(Date.parse(revoked.body.revoked_at)).toBeLessThanOrEqual(Date.now());
    const again = await api('DELETE', `/keys/${created.id}`);
    expect(again.body.revoked_at).toBe(revoked.body.revoked_at);
    const listed = (await api('GET', '/keys')).body.data.find((k: { id: string }) => k.id === created.id);
    expect(listed.revoked_at).toBe(revoked.body.revoked_at);
    expect(gw.gateway.registry.current().keysByHash.get(hashApiKey(created.key))?.revoked_at).toBeInstanceOf(
      Date,
    );
  });

  it("carries this month's spend, not last month's", async () => {
    const created = (await api('POST', '/keys', { name: 'spender' })).body;
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
    const row = { key_id: created.id, ingress: 'anthropic' as const, status: 200, latency_ms: 10 };
    await insertRequestLogs(gw.gateway.database.db, [
      { ...row, input_tokens: 100, output_tokens: 20, cost_usd: 0.5 },
      { ...row, input_tokens: 30, output_tokens: 10, cost_usd: 0.25 },
      { ...row, input_tokens: 1000, output_tokens: 1000, cost_usd: 9, created_at: lastMonth },
    ]);
    const fetched = await api('GET', `/keys/${created.id}`);
    expect(fetched.body).toMatchObject({ spend_tokens: 160, spend_usd: 0.75 });
    const listed = (await api('GET', '/keys')).body.data.find((k: { id: string }) => k.id === created.id);
    expect(listed).toMatchObject({ spend_tokens: 160, spend_usd: 0.75 });
  });

  it('names the bad field and answers 404 for unknown keys', async () => {
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: 'k', expires_at: 'next week' }, 'expires_at'],
      [{ name: 'k', allowed_aliases: ['ok', ''] }, 'allowed_aliases.1'],
      [{ name: 'k', rpm_limit: -1 }, 'rpm_limit'],
      [{ name: 'k', budget_usd: 'ten' }, 'budget_usd'],
      [{ name: 'k', expires_at: '2020-01-01T00:00:00Z' }, 'expires_at'],
      [{ name: 'k', allowed_aliases: ['my-alias', 'gpt-*'] }, 'allowed_aliases.1'],
      [{ name: 'k', allowed_aliases: ['no-such-alias'] }, 'allowed_aliases.0'],
      [{ name: 'k', allowed_aliases: ['two words'] }, 'allowed_aliases.0'],
    ];
    for (const [body, field] of cases) {
      const answer = await api('POST', '/keys', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', field });
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await api('GET', `/keys/${unknown}`)).status).toBe(404);
    expect((await api('PATCH', `/keys/${unknown}`, { name: 'x' })).status).toBe(404);
    expect((await api('DELETE', `/keys/${unknown}`)).status).toBe(404);
  });
});
