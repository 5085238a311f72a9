import type { QuirkPreset } from './schema.js';

// Anthropic itself: Messages API passthrough.
export const anthropic: QuirkPreset = {
  label: 'Anthropic',
  kind: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  quirks: {},
  docsUrl: 'https://docs.anthropic.com/en/api/messages',
};
