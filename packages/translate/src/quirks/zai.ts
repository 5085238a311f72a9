import type { QuirkPreset } from './schema.js';

// Z.ai (GLM): OpenAI-compatible at /api/paas/v4 (the coding plan uses /api/coding/paas/v4); thinking is
// switched with a `thinking: {type}` object and the chain returns as `reasoning_content`. Some GLM
// builds stream several tool calls without an `index`.
export const zai: QuirkPreset = {
  label: 'Z.ai (GLM)',
  kind: 'openai',
  baseUrl: 'https://api.z.ai/api/paas/v4',
  quirks: { thinking_param: 'thinking' },
  docsUrl: 'https://docs.z.ai/guides/develop/openai/python',
};

export const zaiAnthropic: QuirkPreset = {
  label: 'Z.ai (GLM, Anthropic API)',
  kind: 'anthropic',
  baseUrl: 'https://api.z.ai/api/anthropic',
  quirks: {},
  docsUrl: 'https://docs.z.ai/devpack/tool/claude',
};
