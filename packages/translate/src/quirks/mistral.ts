import type { QuirkPreset } from './schema.js';

// Mistral: tool call ids must be exactly nine characters from [a-zA-Z0-9], including the ids of earlier
// turns sent back in the history. The API validates bodies strictly, so OpenAI extras such as
// `stream_options` and `user` are left out (usage still arrives in the last chunk).
export const mistral: QuirkPreset = {
  label: 'Mistral',
  kind: 'openai',
  baseUrl: 'https://api.mistral.ai/v1',
  quirks: { tool_call_id: 'alphanumeric9', stream_usage: false, user_field: false, thinking_param: 'none' },
  docsUrl: 'https://docs.mistral.ai/api/',
};
