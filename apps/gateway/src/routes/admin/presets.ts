import type { ProviderPreset } from '@aurora/contract';
import { quirkPresets } from '@aurora/translate';
import { Hono } from 'hono';

/** The translate package's presets are the one list of known providers (docs/providers.md); this only renames. */
export const providerPresets: ProviderPreset[] = Object.entries(quirkPresets).map(([name, preset]) => ({
  name,
  label: preset.label,
  kind: preset.kind,
  base_url: preset.baseUrl,
  quirks: preset.quirks,
  docs_url: preset.docsUrl,
}));

export function presetRoutes(): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json({ data: providerPresets, next_cursor: null }));
  return app;
}
