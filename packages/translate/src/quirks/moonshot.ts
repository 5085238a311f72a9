import type { QuirkPreset } from './schema.js';

// Moonshot (Kimi): thinking models return `reasoning_content` and expect it back on tool-call turns;
// thinking is switched with a `thinking` object; prompt-cache hits are reported as `cached_tokens`.
export const moonshot: QuirkPreset = {
  label: 'Moonshot (Kimi)',
  kind: 'openai',
  baseUrl: 'https://api.moonshot.ai/v1',
  quirks: { reasoning_passback: 'reasoning_content', thinking_param: 'thinking' },
  docsUrl: 'https://platform.moonshot.ai/docs/api/chat',
};

export const moonshotAnthropic: QuirkPreset = {
  label: 'Moonshot (Kimi, Anthropic API)',
  kind: 'anthropic',
  baseUrl: 'https://api.moonshot.ai/anthropic',
  quirks: {},
  docsUrl: 'https://platform.moonshot.ai/docs/guide/agent-support',
};
