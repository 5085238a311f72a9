import type { RuntimeProvider } from '../registry/snapshot.js';
import type { AnthropicClientRequest, ClientRequest, Codec, OpenAIClientRequest } from './codec.js';
import { anthropicClientAnthropicUpstream } from './codecs/anthropic-client-anthropic-upstream.js';
import { anthropicClientOpenAIUpstream } from './codecs/anthropic-client-openai-upstream.js';
import { openAIClientAnthropicUpstream } from './codecs/openai-client-anthropic-upstream.js';
import { openAIClientOpenAIUpstream } from './codecs/openai-client-openai-upstream.js';

type Kind = RuntimeProvider['kind'];

/** One codec per (client protocol, upstream protocol); adding a protocol is adding a row here. */
const codecs: {
  anthropic: Record<Kind, Codec<AnthropicClientRequest>>;
  openai: Record<Kind, Codec<OpenAIClientRequest>>;
} = {
  anthropic: { openai: anthropicClientOpenAIUpstream, anthropic: anthropicClientAnthropicUpstream },
  openai: { openai: openAIClientOpenAIUpstream, anthropic: openAIClientAnthropicUpstream },
};

export function codecFor(request: ClientRequest, upstream: Kind): Codec<ClientRequest> {
  return codecs[request.protocol][upstream] as Codec<ClientRequest>;
}
