import type { QuirkPreset } from './schema.js';

// OpenAI: reasoning models refuse `max_tokens` and want `max_completion_tokens`; there is no `top_k`;
// at most 4 stop sequences; PDFs may be sent as `file` parts with a data URL.
export const openai: QuirkPreset = {
  label: 'OpenAI',
  kind: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  quirks: { max_tokens_field: 'max_completion_tokens', max_stop_sequences: 4, file_parts: true },
  docsUrl: 'https://platform.openai.com/docs/api-reference/chat/create',
};
