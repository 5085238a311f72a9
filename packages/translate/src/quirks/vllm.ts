import type { QuirkPreset } from './schema.js';

// vLLM's OpenAI-compatible server: accepts `top_k`; with a reasoning parser the chain arrives as
// `reasoning_content`, without one as `<think>` tags in the content.
export const vllm: QuirkPreset = {
  label: 'vLLM',
  kind: 'openai',
  baseUrl: 'http://localhost:8000/v1',
  quirks: { top_k: true, think_tags: true },
  docsUrl: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html',
};
