import type { ProviderApi } from '../transport/provider-api.js';

/** OpenAI-compatible providers: `base_url` includes the version segment (`…/v1`), a bearer key. */
export const openAIApi: ProviderApi = {
  modelCallPath: '/chat/completions',
  modelsPath: '/models',
  authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
  defaultHeaders: {},
  clientHeaders: [],
};
