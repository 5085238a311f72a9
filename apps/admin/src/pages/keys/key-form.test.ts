import { describe, expect, it } from 'vitest';
import { describeLimits, emptyKeyForm, keyBodyFromForm, keyStatus } from './key-form';

describe('key form', () => {
  it('builds a key body with aliases split on commas and spaces', () => {
    const result = keyBodyFromForm({
      ...emptyKeyForm,
      name: ' laptop ',
      allowed_aliases: 'my-alias, claude-*\nother',
      rpm_limit: '60',
      budget_usd: '25.5',
    });
    expect(result).toEqual({
      ok: true,
      body: {
        name: 'laptop',
        allowed_aliases: ['my-alias', 'claude-*', 'other'],
        rpm_limit: 60,
        budget_usd: 25.5,
      },
    });
  });

  it('turns an expiry day into the end of that day', () => {
    const result = keyBodyFromForm({ ...emptyKeyForm, name: 'k', expires_on: '2030-06-01' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const expires = new Date(result.body.expires_at!);
    expect([expires.getFullYear(), expires.getMonth(), expires.getDate(), expires.getHours()]).toEqual([
      2030, 5, 1, 23,
    ]);
  });

  it('reports limits that are not positive whole numbers at their fields', () => {
    const result = keyBodyFromForm({ ...emptyKeyForm, name: 'k', rpm_limit: '1.5', tpm_limit: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.tpm_limit).toBe('Enter a number');
    expect(result.errors.rpm_limit).toBeDefined();
  });
});

describe('key status and limits', () => {
  const now = Date.parse('2026-05-01T00:00:00Z');
  it('tells revoked, expired and active keys apart', () => {
    expect(keyStatus({ revoked_at: '2026-04-01T00:00:00Z', expires_at: null }, now)).toBe('revoked');
    expect(keyStatus({ revoked_at: null, expires_at: '2026-04-30T00:00:00Z' }, now)).toBe('expired');
    expect(keyStatus({ revoked_at: null, expires_at: null }, now)).toBe('active');
  });

  it('describes only the limits that are set', () => {
    expect(
      describeLimits({ rpm_limit: 60, tpm_limit: 100_000, budget_tokens: null, budget_usd: 20 }),
    ).toEqual(['60 rpm', '100K tpm', '$20/mo']);
  });
});
