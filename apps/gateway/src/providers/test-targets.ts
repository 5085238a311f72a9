// Route targets and client requests for the engine's and the codecs' unit tests: one provider shape,
// so that a field added to RuntimeProvider is added here once.
import { resolveQuirks } from '@aurora/translate';
import type { RouteTarget } from '../targets/route-target.js';
import type { AnthropicClientRequest, CodecTarget, OpenAIClientRequest } from './codec.js';

type Kind = RouteTarget['provider']['kind'];

export function testTarget(
  kind: Kind,
  {
    name = 'up',
    model = 'upstream-model',
    baseUrl = 'http://127.0.0.1:1',
    apiKey,
    preset,
  }: {
    name?: string;
    model?: string;
    baseUrl?: string;
    apiKey?: string;
    preset?: string;
  } = {},
): RouteTarget {
  return {
    provider: {
      id: 'p',
      name,
      kind,
      baseUrl,
      apiKey,
      headers: {},
      quirks: resolveQuirks(preset, undefined),
      allowDirect: false,
      enabled: true,
    },
    model,
  };
}

/** A codec's view: the alias `my-alias` (no alias settings) going to one target. */
export function testCodecTarget(kind: Kind, model?: string): CodecTarget {
  return {
    route: { requested: 'my-alias', alias: undefined, targets: [] },
    target: testTarget(kind, model === undefined ? {} : { model }),
  };
}

export function testAnthropicRequest(body: object, estimatedInputTokens = 1): AnthropicClientRequest {
  return {
    protocol: 'anthropic',
    body,
    raw: body,
    clientHeaders: {},
    estimatedInputTokens,
    dropped: [],
  } as unknown as AnthropicClientRequest;
}

export function testOpenAIRequest(body: object): OpenAIClientRequest {
  return { protocol: 'openai', body } as unknown as OpenAIClientRequest;
}
