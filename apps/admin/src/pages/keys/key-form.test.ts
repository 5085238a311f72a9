import { describe, expect, it } from 'vitest';
import type { ApiKey } from '../../api/keys';
import {
  describeLimits,
  emptyKeyForm,
  keyBodyFromForm,
  keyFormValues,
  keyPatchFromForm,
  keyStatus,
} from './key-form';

const key: ApiKey = {
  id: '5f0c6d4e-8a61-4a44-9b1e-3f1f3c2a9d10',
  name: 'ci',
  prefix: 'sk-aurora-AbCdEf',
  created_at: '2026-01-01T00:00:00.000Z',
  last_used_at: null,
  expires_at: '2030-06-01T12:00:00.000Z',
  revoked_at: null,
  allowed_aliases: ['my-alias', 'claude-*'],
  rpm_limit: 60,
  tpm_limit: null,
  budget_tokens: 1_000_000,
  budget_usd: 12.5,
  auto_mode_judge: 'strict-judge',
  spend_usd: 0,
  spend_tokens: 0,
};

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

describe('key edit form', () => {
  it('fills the form from a key, and an untouched form patches no expiry', () => {
    const values = keyFormValues(key);
    expect(values).toMatchObject({
      name: 'ci',
      allowed_aliases: 'my-alias, claude-*',
      rpm_limit: '60',
      tpm_limit: '',
      budget_tokens: '1000000',
      budget_usd: '12.5',
      auto_mode_judge: 'strict-judge',
    });
    expect(values.expires_on).toMatch(/^2030-06-0[12]$/);
    const patch = keyPatchFromForm(values, key);
    expect(patch).toEqual({
      ok: true,
      body: {
        name: 'ci',
        allowed_aliases: ['my-alias', 'claude-*'],
        rpm_limit: 60,
        tpm_limit: null,
        budget_tokens: 1_000_000,
        budget_usd: 12.5,
        auto_mode_judge: 'strict-judge',
      },
    });
    expect(patch.ok && 'expires_at' in patch.body && patch.body.expires_at !== undefined).toBe(false);
  });

  it('clears an emptied expiry, allow-list, limits, budgets and judge with null', () => {
    const patch = keyPatchFromForm(
      {
        ...keyFormValues(key),
        expires_on: '',
        allowed_aliases: ' , ',
        rpm_limit: '',
        budget_tokens: ' ',
        budget_usd: '',
        auto_mode_judge: '  ',
      },
      key,
    );
    expect(patch.ok && patch.body).toMatchObject({
      auto_mode_judge: null,
      expires_at: null,
      allowed_aliases: null,
      rpm_limit: null,
      tpm_limit: null,
      budget_tokens: null,
      budget_usd: null,
    });
  });

  it('moves a changed expiry to the end of the new day and sets a new limit', () => {
    const patch = keyPatchFromForm(
      { ...keyFormValues(key), expires_on: '2031-01-15', rpm_limit: '120' },
      key,
    );
    expect(patch.ok).toBe(true);
    if (!patch.ok) return;
    expect(patch.body.rpm_limit).toBe(120);
    const expires = new Date(patch.body.expires_at!);
    expect([expires.getFullYear(), expires.getMonth(), expires.getDate(), expires.getHours()]).toEqual([
      2031, 0, 15, 23,
    ]);
  });

  it('sets an expiry on a key that had none', () => {
    const never = { ...key, expires_at: null };
    expect(keyFormValues(never).expires_on).toBe('');
    const patch = keyPatchFromForm({ ...keyFormValues(never), expires_on: '2031-01-15' }, never);
    expect(patch.ok && typeof patch.body.expires_at).toBe('string');
  });

  it('reports an emptied name and limits that are not positive whole numbers at their fields', () => {
    const patch = keyPatchFromForm({ ...keyFormValues(key), name: ' ', rpm_limit: '0', tpm_limit: 'x' }, key);
    expect(patch.ok).toBe(false);
    if (patch.ok) return;
    expect(patch.errors.name).toBe('Name is required');
    expect(patch.errors.rpm_limit).toBeDefined();
    expect(patch.errors.tpm_limit).toBe('Enter a number');
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
