import { describe, expect, it } from 'vitest';
import { apiKeySchema, keyBodySchema, keyPatchSchema } from './keys.js';

describe('key schemas', () => {
  it('accepts a key body with every optional field', () => {
    const body = {
      name: 'ci',
      expires_at: '2030-01-01T00:00:00+02:00',
      allowed_aliases: ['my-alias', 'claude-*'],
      rpm_limit: 60,
      tpm_limit: 100000,
      budget_tokens: 1000000,
      budget_usd: 12.5,
      auto_mode_judge: 'strict-judge',
    };
    expect(keyBodySchema.parse(body)).toEqual(body);
  });

  it('refuses an expiry without a time and zero limits', () => {
    expect(keyBodySchema.safeParse({ name: 'k', expires_at: 'tomorrow' }).error?.issues[0]?.path).toEqual([
      'expires_at',
    ]);
    expect(keyBodySchema.safeParse({ name: 'k', rpm_limit: 0 }).error?.issues[0]?.path).toEqual([
      'rpm_limit',
    ]);
  });

  it('refuses a judge that is empty, a glob or has spaces, naming the field', () => {
    for (const auto_mode_judge of ['', 'claude-*', 'my judge']) {
      const result = keyBodySchema.safeParse({ name: 'k', auto_mode_judge });
      expect(result.error?.issues[0]?.path).toEqual(['auto_mode_judge']);
    }
  });

  it('lets a patch lift an expiry, the allow-list, a budget and the judge with null', () => {
    const lifted = { expires_at: null, allowed_aliases: null, budget_usd: null, auto_mode_judge: null };
    expect(keyPatchSchema.parse(lifted)).toEqual(lifted);
    expect(keyPatchSchema.safeParse({ name: null }).success).toBe(false);
  });

  it('describes a key without any secret but with its spend', () => {
    const key = {
      id: '5f0c6d4e-8a61-4a44-9b1e-3f1f3c2a9d10',
      name: 'ci',
      prefix: 'sk-aurora-AbCdEf',
      created_at: '2025-01-01T00:00:00.000Z',
      last_used_at: null,
      expires_at: null,
      revoked_at: null,
      allowed_aliases: null,
      rpm_limit: null,
      tpm_limit: null,
      budget_tokens: null,
      budget_usd: null,
      auto_mode_judge: 'strict-judge',
      spend_usd: 0,
      spend_tokens: 0,
    };
    expect(apiKeySchema.parse({ ...key, key_hash: 'abc' })).toEqual(key);
  });
});
