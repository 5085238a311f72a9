import type { Database } from '@aurora/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuroraConfig } from '../src/config/schema.js';
import type { UpstreamClient } from '../src/providers/transport/upstream-client.js';
import type { Registry } from '../src/registry/registry.js';
import { adminRoutes } from '../src/routes/admin/index.js';
import type { SecretBox } from '../src/secrets/secret-box.js';
import { adminApi } from './support/admin-api.js';
import { startTestGateway, type TestGateway, testEngines } from './support/gateway.js';

// Every admin API route (plus GET /keys/:id), with an `:id` that exists nowhere.
const ID = '00000000-0000-4000-8000-000000000000';
const routes: [string, string][] = [
  ['GET', '/providers'],
  ['POST', '/providers'],
  ['GET', `/providers/${ID}`],
  ['PATCH', `/providers/${ID}`],
  ['DELETE', `/providers/${ID}`],
  ['POST', `/providers/${ID}/test`],
  ['GET', '/aliases'],
  ['POST', '/aliases'],
  ['GET', `/aliases/${ID}`],
  ['PATCH', `/aliases/${ID}`],
  ['DELETE', `/aliases/${ID}`],
  ['GET', '/keys'],
  ['POST', '/keys'],
  ['GET', `/keys/${ID}`],
  ['PATCH', `/keys/${ID}`],
  ['DELETE', `/keys/${ID}`],
  ['GET', '/usage'],
  ['GET', '/logs'],
  ['GET', `/logs/${ID}`],
  ['GET', '/whoami'],
  ['GET', '/provider-presets'],
  ['GET', '/model-catalog'],
  ['GET', '/openapi.json'],
];

describe.each(testEngines())('admin API: access and documents on %s', (engine) => {
  let gw: TestGateway;
  let api: ReturnType<typeof adminApi>;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    api = adminApi(gw.url);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('answers 401 on every route without a token, with a wrong one and with a managed key', async () => {
    const managed = (await api('POST', '/keys', { name: 'managed' })).body.key;
    for (const [method, path] of routes) {
      const anonymous = await fetch(`${gw.url}/admin/api${path}`, { method });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: { type: 'authentication_error' } });
      for (const token of ['sk-aurora-wrong', managed]) {
        const body = method === 'GET' ? undefined : {};
        expect((await adminApi(gw.url, token)(method, path, body)).status, `${method} ${path}`).toBe(401);
      }
    }
  });

  it('accepts the master key as a bearer token or as x-api-key', async () => {
    expect(await api('GET', '/whoami')).toMatchObject({ status: 200, body: { role: 'master' } });
    const viaHeader = await fetch(`${gw.url}/admin/api/whoami`, {
      headers: { 'x-api-key': gw.config.master_key! },
    });
    expect(viaHeader.status).toBe(200);
  });

  it('lists the provider presets of the translate package', async () => {
    const presets = await api('GET', '/provider-presets');
    expect(presets.status).toBe(200);
    expect(presets.body.next_cursor).toBeNull();
    const deepseek = presets.body.data.find((p: { name: string }) => p.name === 'deepseek');
    expect(deepseek).toEqual({
      name: 'deepseek',
      label: 'DeepSeek',
      kind: 'openai',
      base_url: 'https://api.deepseek.com/v1',
      quirks: expect.objectContaining({ merge_system_messages: true }),
      docs_url: expect.stringMatching(/^https:\/\//),
    });
    expect(presets.body.data.map((p: { name: string }) => p.name)).toContain('deepseek-anthropic');
  });

  it('serves an OpenAPI 3.1 document that lists every admin route', async () => {
    const answer = await api('GET', '/openapi.json');
    expect(answer.status).toBe(200);
    const document = answer.body;
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const expected = routes.map(([method, path]) => `${method} /admin/api${path.replace(ID, '{id}')}`);
    expect(documented.sort()).toEqual(expected.sort());

    // And the router serves exactly what is documented, no route left out of the document.
    const router = adminRoutes({
      config: {} as AuroraConfig,
      database: {} as Database,
      registry: {} as Registry,
      secrets: {} as SecretBox,
      masterKey: 'unused-master-key',
      upstream: {} as UpstreamClient,
    });
    const served = router.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} /admin/api${route.path.replace(':id', '{id}')}`);
    expect([...new Set(served)].sort()).toEqual(expected.sort());

    const post = document.paths['/admin/api/aliases'].post;
    const body = post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['name', 'provider', 'model']);
    expect(body.properties.fallbacks.items.required).toEqual(['provider', 'model']);
    expect(post.responses['201'].content['application/json'].schema.properties.provider).toEqual({
      type: 'string',
    });
    const keys = document.paths['/admin/api/keys'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(keys.properties.data.items.properties)).toEqual(
      expect.arrayContaining(['spend_usd', 'spend_tokens', 'prefix']),
    );
    const provider =
      document.paths['/admin/api/providers/{id}'].get.responses['200'].content['application/json'].schema;
    expect(provider.properties).toHaveProperty('api_key_set');
    expect(provider.properties).not.toHaveProperty('api_key');
    const logParams = document.paths['/admin/api/logs'].get.parameters.map((p: { name: string }) => p.name);
    expect(logParams).toEqual([
      'limit',
      'cursor',
      'key_id',
      'alias',
      'session_id',
      'request_id',
      'status',
      'from',
      'to',
    ]);
  });
});
