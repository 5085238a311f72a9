import type { QuirkPreset } from './schema.js';

// Qwen on Alibaba Cloud Model Studio (DashScope compatible mode): hybrid models switch thinking with a
// top-level `enable_thinking` boolean (budget: `thinking_budget`); the chain returns as
// `reasoning_content`; `top_k` is accepted.
export const qwen: QuirkPreset = {
  label: 'Qwen (Alibaba Cloud)',
  kind: 'openai',
  baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  quirks: { thinking_param: 'enable_thinking', top_k: true },
  docsUrl: 'https://www.alibabacloud.com/help/en/model-studio/deep-thinking',
};
