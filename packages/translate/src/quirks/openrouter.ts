import type { QuirkPreset } from './schema.js';

// OpenRouter: thinking is asked for with a `reasoning` object ({effort} or {enabled}); answers carry
// both `reasoning` and structured `reasoning_details`, and it wants the details back for models that
// keep a reasoning chain. `cache_control` on text parts is honoured for Anthropic and Gemini models.
// `top_k` is accepted and forwarded where the model supports it.
export const openrouter: QuirkPreset = {
  label: 'OpenRouter',
  kind: 'openai',
  baseUrl: 'https://openrouter.ai/api/v1',
  quirks: {
    thinking_param: 'reasoning',
    reasoning_passback: 'reasoning_details',
    cache_control: true,
    top_k: true,
    file_parts: true,
  },
  docsUrl: 'https://openrouter.ai/docs/api-reference/overview',
};
