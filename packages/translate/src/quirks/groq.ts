import type { QuirkPreset } from './schema.js';

// Groq: mostly OpenAI-compatible; `logprobs`, `logit_bias`, `top_logprobs`, `messages[].name` and
// n > 1 are refused with 400 (Aurora never sends them). Reasoning models take `reasoning_effort` and
// return the chain in `reasoning`.
export const groq: QuirkPreset = {
  label: 'Groq',
  kind: 'openai',
  baseUrl: 'https://api.groq.com/openai/v1',
  quirks: { max_stop_sequences: 4 },
  docsUrl: 'https://console.groq.com/docs/openai',
};
