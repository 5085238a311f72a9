import type { QuirkPreset } from './schema.js';

// vLLM's OpenAI-compatible server: accepts `top_k`; with a reasoning parser the chain arrives as
// `reasoning_content`, without one as `<think>` tags in the content. Qwen3's chat template refuses a
// system message after the first turn, so mid-conversation ones go into the user turn.
export const vllm: QuirkPreset = {
  label: 'vLLM',
  kind: 'openai',
  baseUrl: 'http://localhost:8000/v1',
  quirks: { top_k: true, think_tags: true, system_in_user_turn: true },
  docsUrl: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html',
};
