import { stripAuroraThinking } from '@aurora/translate';
import type { ProviderApi } from '../transport/provider-api.js';

/**
 * Anthropic-kind providers: `base_url` stops before `/v1`, the key goes in `x-api-key`, and every call
 * names an API version; the client's own version and beta flags win, so features it opted into work.
 */
export const anthropicApi: ProviderApi = {
  modelCallPath: '/v1/messages',
  modelsPath: '/v1/models',
  countTokens: {
    path: '/v1/messages/count_tokens',
    body(request, model) {
      // max_tokens only satisfies the type of the shared helper; count_tokens takes no such field.
      const { max_tokens: _unused, ...counted } = stripAuroraThinking({ ...request, max_tokens: 1 });
      return JSON.stringify({ ...counted, model });
    },
  },
  authHeaders: (apiKey) => ({ 'x-api-key': apiKey }),
  defaultHeaders: { 'anthropic-version': '2023-06-01' },
  clientHeaders: ['anthropic-version', 'anthropic-beta'],
};
