import type { QuirkPreset } from './schema.js';

// LM Studio's local OpenAI-compatible server: accepts `top_k`; reasoning models may leave `<think>`
// tags in the content. Jinja chat templates such as Qwen3's
// refuse a system message after the first turn, so mid-conversation ones go into the user turn.
export const lmstudio: QuirkPreset = {
  label: 'LM Studio',
  kind: 'openai',
  baseUrl: 'http://localhost:1234/v1',
  quirks: { top_k: true, think_tags: true, system_in_user_turn: true },
  docsUrl: 'https://lmstudio.ai/docs/app/api/endpoints/openai',
};
