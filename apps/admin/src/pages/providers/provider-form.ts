import {
  type ProviderBody,
  type ProviderKind,
  type ProviderPatch,
  providerBodySchema,
  providerPatchSchema,
} from '@aurora/contract';
import type { FieldErrors } from '../../api/errors';
import type { Provider, ProviderPreset } from '../../api/providers';
import { jsonText, type ParsedForm, parseForm, readJsonObject } from '../../form-values';

export interface ProviderFormValues {
  name: string;
  preset: string;
  kind: ProviderKind;
  base_url: string;
  api_key: string;
  /** Editing only: send `api_key: null`, for a local server that needs no key any more. */
  remove_api_key: boolean;
  headers: { name: string; value: string }[];
  quirks: string;
  allow_direct: boolean;
  enabled: boolean;
}

export function providerFormValues(provider?: Provider): ProviderFormValues {
  return {
    name: provider?.name ?? '',
    preset: provider?.preset ?? '',
    kind: provider?.kind ?? 'openai',
    base_url: provider?.base_url ?? '',
    api_key: '',
    remove_api_key: false,
    headers: Object.entries(provider?.headers ?? {}).map(([name, value]) => ({ name, value })),
    quirks: jsonText(provider?.quirks),
    allow_direct: provider?.allow_direct ?? false,
    enabled: provider?.enabled ?? true,
  };
}

/** Choosing a preset fills what the preset knows; the name is suggested only while still empty. */
export function applyPreset(
  values: ProviderFormValues,
  preset: ProviderPreset | undefined,
): ProviderFormValues {
  if (!preset) return { ...values, preset: '' };
  return {
    ...values,
    preset: preset.name,
    name: values.name || preset.name,
    kind: preset.kind,
    base_url: preset.base_url,
    quirks: jsonText(preset.quirks),
  };
}

function readProviderForm(values: ProviderFormValues, errors: FieldErrors) {
  const headers: Record<string, string> = {};
  values.headers.forEach(({ name, value }, index) => {
    if (!name.trim() && !value.trim()) return;
    if (!name.trim()) errors[`headers.${index}`] = 'Header name is required';
    else headers[name.trim()] = value;
  });
  return {
    name: values.name.trim(),
    kind: values.kind,
    base_url: values.base_url.trim(),
    // Write-only: a blank field keeps the stored key rather than sending an empty one.
    api_key: values.api_key.trim() || undefined,
    headers,
    quirks: readJsonObject(values.quirks, 'quirks', errors),
    allow_direct: values.allow_direct,
    enabled: values.enabled,
  };
}

export function providerBodyFromForm(values: ProviderFormValues): ParsedForm<ProviderBody> {
  const errors: FieldErrors = {};
  const candidate = { ...readProviderForm(values, errors), preset: values.preset || undefined };
  return parseForm(providerBodySchema, candidate, errors);
}

/**
 * An edit clears what was emptied: no preset is `preset: null` and no quirks `{}`, since an absent
 * field would leave the stored value in place; `remove_api_key` sends `api_key: null`.
 */
export function providerPatchFromForm(values: ProviderFormValues): ParsedForm<ProviderPatch> {
  const errors: FieldErrors = {};
  const read = readProviderForm(values, errors);
  const candidate = {
    ...read,
    preset: values.preset || null,
    api_key: values.remove_api_key ? null : read.api_key,
    quirks: read.quirks ?? {},
  };
  return parseForm(providerPatchSchema, candidate, errors);
}
