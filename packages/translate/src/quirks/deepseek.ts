import type { QuirkPreset } from './schema.js';

// DeepSeek: thinking is switched with `thinking: {type: enabled|disabled}` and tuned with
// `reasoning_effort`; the chain comes back as `reasoning_content`. In thinking mode every assistant turn
// that called tools must carry its `reasoning_content` in later requests, else the API answers 400.
// Several system messages are not expected, so they are folded into the first.
export const deepseek: QuirkPreset = {
  label: 'DeepSeek',
  kind: 'openai',
  baseUrl: 'https://api.deepseek.com/v1',
  quirks: {
    merge_system_messages: true,
    reasoning_passback: 'reasoning_content',
    thinking_param: 'thinking',
    max_stop_sequences: 16,
    response_format: 'json_object',
  },
  docsUrl: 'https://api-docs.deepseek.com/guides/thinking_mode',
};

// DeepSeek also serves the Messages API itself: passthrough, no translation.
export const deepseekAnthropic: QuirkPreset = {
  label: 'DeepSeek (Anthropic API)',
  kind: 'anthropic',
  baseUrl: 'https://api.deepseek.com/anthropic',
  quirks: {},
  docsUrl: 'https://api-docs.deepseek.com/guides/anthropic_api',
};
