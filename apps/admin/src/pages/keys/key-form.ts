import { type KeyBody, keyBodySchema } from '@aurora/contract';
import type { FieldErrors } from '../../api/errors';
import type { ApiKey } from '../../api/keys';
import { type ParsedForm, parseForm, readList, readNumber } from '../../form-values';

export interface KeyFormValues {
  name: string;
  /** A calendar day (`YYYY-MM-DD`); the key works until the end of it, local time. */
  expires_on: string;
  allowed_aliases: string;
  rpm_limit: string;
  tpm_limit: string;
  budget_tokens: string;
  budget_usd: string;
}

export const emptyKeyForm: KeyFormValues = {
  name: '',
  expires_on: '',
  allowed_aliases: '',
  rpm_limit: '',
  tpm_limit: '',
  budget_tokens: '',
  budget_usd: '',
};

export function keyBodyFromForm(values: KeyFormValues): ParsedForm<KeyBody> {
  const errors: FieldErrors = {};
  const aliases = readList(values.allowed_aliases);
  const candidate = {
    name: values.name.trim(),
    expires_at: values.expires_on ? new Date(`${values.expires_on}T23:59:59.999`).toISOString() : undefined,
    allowed_aliases: aliases.length > 0 ? aliases : undefined,
    rpm_limit: readNumber(values.rpm_limit, 'rpm_limit', errors),
    tpm_limit: readNumber(values.tpm_limit, 'tpm_limit', errors),
    budget_tokens: readNumber(values.budget_tokens, 'budget_tokens', errors),
    budget_usd: readNumber(values.budget_usd, 'budget_usd', errors),
  };
  return parseForm(keyBodySchema, candidate, errors);
}

export type KeyStatus = 'active' | 'revoked' | 'expired';

export function keyStatus(key: Pick<ApiKey, 'revoked_at' | 'expires_at'>, now = Date.now()): KeyStatus {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at && Date.parse(key.expires_at) <= now) return 'expired';
  return 'active';
}

/** "60 rpm · 100k tpm · $20 budget" — the limits a key has, for one table cell. */
export function describeLimits(
  key: Pick<ApiKey, 'rpm_limit' | 'tpm_limit' | 'budget_tokens' | 'budget_usd'>,
): string[] {
  const format = new Intl.NumberFormat('en-US', { notation: 'compact' });
  const limits: string[] = [];
  if (key.rpm_limit) limits.push(`${format.format(key.rpm_limit)} rpm`);
  if (key.tpm_limit) limits.push(`${format.format(key.tpm_limit)} tpm`);
  if (key.budget_tokens) limits.push(`${format.format(key.budget_tokens)} tokens/mo`);
  if (key.budget_usd) limits.push(`$${key.budget_usd}/mo`);
  return limits;
}
