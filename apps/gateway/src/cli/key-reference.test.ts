import type { ApiKey } from '@aurora/contract';
import { describe, expect, it } from 'vitest';
import { findKey } from './key-reference.js';

const key = (id: string, name: string, prefix: string, revoked = false): ApiKey => ({
  id,
  name,
  prefix,
  created_at: '2026-11-01T00:00:00.000Z',
  last_used_at: null,
  expires_at: null,
  revoked_at: revoked ? '2026-11-02T00:00:00.000Z' : null,
  allowed_aliases: null,
  rpm_limit: null,
  tpm_limit: null,
  budget_tokens: null,
  budget_usd: null,
  auto_mode_judge: null,
  spend_usd: 0,
  spend_tokens: 0,
});

const keys = [
  key('11111111-1111-4111-8111-111111111111', 'ci-bot', 'sk-aurora-AbCd', true),
  key('22222222-2222-4222-8222-222222222222', 'ci-bot', 'sk-aurora-EfGh'),
  key('33333333-3333-4333-8333-333333333333', 'laptop', 'sk-aurora-IjKl'),
  key('44444444-4444-4444-8444-444444444444', 'twin', 'sk-aurora-MnOp'),
  key('55555555-5555-4555-8555-555555555555', 'twin', 'sk-aurora-QrSt'),
];

describe('findKey', () => {
  it('finds a key by id, by prefix and by the full key', () => {
    expect(findKey(keys, '33333333-3333-4333-8333-333333333333').name).toBe('laptop');
    expect(findKey(keys, 'sk-aurora-IjKl').name).toBe('laptop');
    expect(findKey(keys, 'sk-aurora-IjKlrestofthesecret').name).toBe('laptop');
  });
  it('prefers the live key when a name was reused after a revocation', () => {
    expect(findKey(keys, 'ci-bot').id).toBe('22222222-2222-4222-8222-222222222222');
  });
  it('refuses a name two live keys share, and one that matches nothing, saying what to do', () => {
    expect(() => findKey(keys, 'twin')).toThrow(/matches 2 keys .*give the id/);
    expect(() => findKey(keys, 'nobody')).toThrow(/no key has the id, name or prefix "nobody"/);
  });
});
