import type { RuntimeProvider } from '../registry/snapshot.js';
import { anthropicApi } from './anthropic/api.js';
import { openAIApi } from './openai/api.js';
import type { ProviderApi } from './transport/provider-api.js';

/** Each provider kind's transport facts; adding a kind is adding its folder and a line here. */
export const providerApis: Record<RuntimeProvider['kind'], ProviderApi> = {
  openai: openAIApi,
  anthropic: anthropicApi,
};
