import { describe, expect, it } from 'vitest';
import { providerBodySchema, providerPatchSchema, providerTestResultSchema } from './providers.js';

describe('provider schemas', () => {
  it('accepts a preset-only entry and a fully spelled-out one', () => {
    expect(providerBodySchema.parse({ name: 'openrouter', preset: 'openrouter', api_key: 'sk-or' })).toEqual({
      name: 'openrouter',
      preset: 'openrouter',
      api_key: 'sk-or',
    });
    const full = {
      name: 'deepseek',
      kind: 'openai',
      base_url: 'https://api.deepseek.com/v1',
      headers: { 'X-Title': 'aurora' },
      quirks: { merge_system_messages: true },
      allow_direct: true,
      enabled: false,
    };
    expect(providerBodySchema.parse(full)).toEqual(full);
  });

  it('refuses names with spaces, unknown kinds and non-http URLs, naming the field', () => {
    const issue = (body: unknown) => providerBodySchema.safeParse(body).error?.issues[0]?.path.join('.');
    expect(issue({ name: 'my provider' })).toBe('name');
    expect(issue({ name: 'p', kind: 'gemini' })).toBe('kind');
    expect(issue({ name: 'p', base_url: 'ftp://example.com' })).toBe('base_url');
    expect(issue({ name: 'p', headers: { 'X-N': 1 } })).toBe('headers.X-N');
  });

  it('lets a patch remove the stored key and the preset with null', () => {
    expect(providerPatchSchema.parse({ api_key: null, preset: null })).toEqual({
      api_key: null,
      preset: null,
    });
    expect(providerPatchSchema.safeParse({ api_key: '' }).success).toBe(false);
  });

  it('tells a listed model set from a failure by ok', () => {
    expect(providerTestResultSchema.parse({ ok: true, models: ['m'], latency_ms: 3 })).toMatchObject({
      ok: true,
    });
    expect(providerTestResultSchema.safeParse({ ok: false, models: [], latency_ms: 3 }).success).toBe(false);
    expect(
      providerTestResultSchema.parse({ ok: false, status: 401, message: 'bad key', latency_ms: 3 }),
    ).toMatchObject({ status: 401 });
  });
});
