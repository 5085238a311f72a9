import { type FieldErrors, fieldErrorsFromZod } from '../../api/errors';
import type { Provider, ProviderPreset } from '../../api/providers';
import { type ProviderBody, providerBodySchema } from '../../api/schemas';
import { jsonText, readJsonObject } from '../../form-values';
import type { ParsedForm } from '../models/alias-form';

export interface ProviderFormValues {
  name: string;
  preset: string;
  kind: 'openai' | 'anthropic';
  base_url: string;
  api_key: string;
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

/**
 * The API key is write-only: a blank field while editing keeps the stored key, so it is left out
 * of the body instead of being sent empty.
 */
export function providerBodyFromForm(values: ProviderFormValues): ParsedForm<ProviderBody> {
  const errors: FieldErrors = {};
  const headers: Record<string, string> = {};
  values.headers.forEach(({ name, value }, index) => {
    if (!name.trim() && !value.trim()) return;
    if (!name.trim()) errors[`headers.${index}`] = 'Header name is required';
    else headers[name.trim()] = value;
  });
  const candidate = {
    name: values.name.trim(),
    preset: values.preset || undefined,
    kind: values.kind,
    base_url: values.base_url.trim(),
    api_key: values.api_key.trim() || undefined,
    headers,
    quirks: readJsonObject(values.quirks, 'quirks', errors),
    allow_direct: values.allow_direct,
    enabled: values.enabled,
  };
  const parsed = providerBodySchema.safeParse(candidate);
  const allErrors = { ...(parsed.success ? {} : fieldErrorsFromZod(parsed.error)), ...errors };
  if (Object.keys(allErrors).length > 0 || !parsed.success) return { ok: false, errors: allErrors };
  return { ok: true, body: parsed.data };
}
