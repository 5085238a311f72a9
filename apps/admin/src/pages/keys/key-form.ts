import { type KeyBody, type KeyPatch, keyBodySchema, keyPatchSchema } from '@aurora/contract';
import type { FieldErrors } from '../../api/errors';
import type { ApiKey } from '../../api/keys';
import { numberText, type ParsedForm, parseForm, readList, readNumber } from '../../form-values';

export interface KeyFormValues {
  name: string;
  /** A calendar day (`YYYY-MM-DD`); the key works until the end of it, local time. */
  expires_on: string;
  allowed_aliases: string;
  rpm_limit: string;
  tpm_limit: string;
  budget_tokens: string;
  budget_usd: string;
  auto_mode_judge: string;
}

export const emptyKeyForm: KeyFormValues = {
  name: '',
  expires_on: '',
  allowed_aliases: '',
  rpm_limit: '',
  tpm_limit: '',
  budget_tokens: '',
  budget_usd: '',
  auto_mode_judge: '',
};

/** The local calendar day (`YYYY-MM-DD`) a timestamp falls on, as a date input shows it. */
function localDay(timestamp: string | null): string {
  if (!timestamp) return '';
  const date = new Date(timestamp);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The form's values for a key, or for a new key without one. */
export function keyFormValues(key?: ApiKey): KeyFormValues {
  if (!key) return emptyKeyForm;
  return {
    name: key.name,
    expires_on: localDay(key.expires_at),
    allowed_aliases: key.allowed_aliases?.join(', ') ?? '',
    rpm_limit: numberText(key.rpm_limit),
    tpm_limit: numberText(key.tpm_limit),
    budget_tokens: numberText(key.budget_tokens),
    budget_usd: numberText(key.budget_usd),
    auto_mode_judge: key.auto_mode_judge ?? '',
  };
}

/** The end of a calendar day, local time, as the API's timestamp. */
function endOfDay(day: string): string {
  return new Date(`${day}T23:59:59.999`).toISOString();
}

function readKeyForm(values: KeyFormValues, errors: FieldErrors) {
  const aliases = readList(values.allowed_aliases);
  return {
    name: values.name.trim(),
    allowed_aliases: aliases.length > 0 ? aliases : undefined,
    rpm_limit: readNumber(values.rpm_limit, 'rpm_limit', errors),
    tpm_limit: readNumber(values.tpm_limit, 'tpm_limit', errors),
    budget_tokens: readNumber(values.budget_tokens, 'budget_tokens', errors),
    budget_usd: readNumber(values.budget_usd, 'budget_usd', errors),
    auto_mode_judge: values.auto_mode_judge.trim() || undefined,
  };
}

/** A new key leaves empty optional fields out: no expiry, every alias, no limits. */
export function keyBodyFromForm(values: KeyFormValues): ParsedForm<KeyBody> {
  const errors: FieldErrors = {};
  const candidate = {
    ...readKeyForm(values, errors),
    expires_at: values.expires_on ? endOfDay(values.expires_on) : undefined,
  };
  return parseForm(keyBodySchema, candidate, errors);
}

/**
 * An edit sends every field: an emptied expiry, allow-list, limit, budget or judge goes as null, since an
 * absent field would leave the stored value in place. An expiry whose day is unchanged is left out, so
 * a time set through the API is not moved to the end of its day.
 */
export function keyPatchFromForm(
  values: KeyFormValues,
  key?: Pick<ApiKey, 'expires_at'>,
): ParsedForm<KeyPatch> {
  const errors: FieldErrors = {};
  const read = readKeyForm(values, errors);
  const unchangedExpiry = key !== undefined && values.expires_on === localDay(key.expires_at);
  const candidate = {
    ...read,
    expires_at: unchangedExpiry ? undefined : values.expires_on ? endOfDay(values.expires_on) : null,
    allowed_aliases: read.allowed_aliases ?? null,
    rpm_limit: read.rpm_limit ?? null,
    tpm_limit: read.tpm_limit ?? null,
    budget_tokens: read.budget_tokens ?? null,
    budget_usd: read.budget_usd ?? null,
    auto_mode_judge: read.auto_mode_judge ?? null,
  };
  return parseForm(keyPatchSchema, candidate, errors);
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
