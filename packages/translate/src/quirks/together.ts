import type { QuirkPreset } from './schema.js';

// Together AI: OpenAI-compatible; accepts `top_k`; reasoning models stream their chain in `reasoning`.
export const together: QuirkPreset = {
  label: 'Together AI',
  kind: 'openai',
  baseUrl: 'https://api.together.xyz/v1',
  quirks: { top_k: true },
  docsUrl: 'https://docs.together.ai/docs/openai-api-compatibility',
};
