import { type Protocol, quirkPresets } from '@aurora/translate';

/** A provider entry that its preset could not complete; `field` is the entry's key to fix. */
export class ProviderPresetError extends Error {
  override name = 'ProviderPresetError';
  constructor(
    readonly field: 'preset' | 'kind' | 'base_url',
    message: string,
  ) {
    super(message);
  }
}

export interface PresetFields {
  preset?: string | null | undefined;
  kind?: Protocol | undefined;
  base_url?: string | undefined;
}

/**
 * `preset:` fills what a provider entry leaves out (docs/providers.md): kind and base URL here; quirks are
 * resolved from the stored preset name at load time, so the entry's `quirks:` stay overrides.
 * Shared by config-as-code and the admin API so both read an entry the same way.
 */
export function fillFromPreset(entry: PresetFields) {
  const preset = entry.preset ? quirkPresets[entry.preset] : undefined;
  if (entry.preset && !preset) {
    throw new ProviderPresetError(
      'preset',
      `unknown preset "${entry.preset}" (known: ${Object.keys(quirkPresets).join(', ')})`,
    );
  }
  const kind = entry.kind ?? preset?.kind;
  const base_url = entry.base_url ?? preset?.baseUrl;
  if (!kind) throw new ProviderPresetError('kind', 'set kind (openai or anthropic) or a preset');
  if (!base_url) throw new ProviderPresetError('base_url', 'set base_url or a preset that has one');
  return { kind, base_url, preset: entry.preset ?? null };
}
