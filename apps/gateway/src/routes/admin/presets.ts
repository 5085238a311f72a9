import { listEnvelopeSchema, type ProviderPreset, providerPresetSchema } from '@aurora/contract';
import { quirkPresets } from '@aurora/translate';
import { DocumentedRouter, ok } from './documented-router.js';

/** The translate package's presets are the one list of known providers (docs/providers.md); this only renames. */
export const providerPresets: ProviderPreset[] = Object.entries(quirkPresets).map(([name, preset]) => ({
  name,
  label: preset.label,
  kind: preset.kind,
  base_url: preset.baseUrl,
  quirks: preset.quirks,
  docs_url: preset.docsUrl,
}));

export function presetRoutes(): DocumentedRouter {
  return new DocumentedRouter().route(
    {
      method: 'get',
      path: '/',
      summary: 'Known providers and their quirks',
      response: ok(listEnvelopeSchema(providerPresetSchema)),
    },
    (c) => c.json({ data: providerPresets, next_cursor: null }),
  );
}
