import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, startTestGateway, type TestGateway, testEngines } from './support/gateway.js';

describe.each(testEngines())('gateway foundation on %s', (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('answers /health', async () => {
    const response = await fetch(`${gw.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /ready once the database answers, with a request id', async () => {
    const response = await fetch(`${gw.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', database: 'ok' });
    expect(response.headers.get('request-id')).toMatch(/^req_/);
  });

  it('redirects / to the admin UI and serves the built SPA there', async () => {
    const redirect = await fetch(`${gw.url}/`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/ui/');
    const page = await fetch(`${gw.url}/ui/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const asset = /\/ui\/assets\/[^"]+\.js/.exec(html)?.[0];
    expect(asset, 'index.html references a hashed script').toBeDefined();
    const script = await fetch(`${gw.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
  });

  it('falls back to index.html for client-side routes but 404s missing assets', async () => {
    const route = await fetch(`${gw.url}/ui/models`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    expect((await fetch(`${gw.url}/ui/assets/missing-abc123.js`)).status).toBe(404);
  });

  it('answers unknown routes with a 404 in the protocol error shape', async () => {
    const anthropic = await fetch(`${gw.url}/v1/nope`, { headers: authHeaders() });
    expect(anthropic.status).toBe(404);
    expect(await anthropic.json()).toEqual({
      type: 'error',
      error: { type: 'not_found_error', message: 'No route for GET /v1/nope' },
    });
    const openai = await fetch(`${gw.url}/v1/chat/nope`, { headers: authHeaders() });
    expect(((await openai.json()) as { error: { code: string } }).error.code).toBe('not_found_error');
  });
});
