import type { QuirkPreset } from './schema.js';

// MiniMax: `reasoning_split: true` moves the chain out of `<think>` tags in the content into
// `reasoning_details`; the model keeps its chain across turns only when the whole previous answer,
// reasoning included, is sent back. `max_tokens` is deprecated in favour of `max_completion_tokens`.
// M2 models always think, so there is no switch to send.
export const minimax: QuirkPreset = {
  label: 'MiniMax',
  kind: 'openai',
  baseUrl: 'https://api.minimax.io/v1',
  quirks: {
    extra_body: { reasoning_split: true },
    reasoning_passback: 'reasoning_details',
    max_tokens_field: 'max_completion_tokens',
    thinking_param: 'none',
  },
  docsUrl: 'https://platform.minimax.io/docs/api-reference/text-openai-api',
};

export const minimaxAnthropic: QuirkPreset = {
  label: 'MiniMax (Anthropic API)',
  kind: 'anthropic',
  baseUrl: 'https://api.minimax.io/anthropic',
  quirks: {},
  docsUrl: 'https://platform.minimax.io/docs/api-reference/text-anthropic-api',
};
