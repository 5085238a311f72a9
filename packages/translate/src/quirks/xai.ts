import type { QuirkPreset } from './schema.js';

// xAI (Grok): OpenAI-compatible; `reasoning_effort` applies only to models that accept it, which an
// alias marks with its reasoning flag.
export const xai: QuirkPreset = {
  label: 'xAI (Grok)',
  kind: 'openai',
  baseUrl: 'https://api.x.ai/v1',
  quirks: {},
  docsUrl: 'https://docs.x.ai/docs/api-reference',
};
