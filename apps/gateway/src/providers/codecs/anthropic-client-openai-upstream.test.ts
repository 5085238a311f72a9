import { resolveQuirks } from '@aurora/translate';
import { describe, expect, it } from 'vitest';
import type { AnthropicClientRequest, CodecTarget } from '../codec.js';
import { anthropicClientOpenAIUpstream } from './anthropic-client-openai-upstream.js';

const encoder = new TextEncoder();
const sse = (...chunks: object[]) =>
  encoder.encode(chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join(''));
const chunk = (delta: object, finish: string | null = null) => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

const at: CodecTarget = {
  route: { requested: 'my-alias', alias: undefined, targets: [] },
  target: {
    model: 'm',
    provider: {
      id: 'p',
      name: 'up',
      kind: 'openai',
      baseUrl: 'http://127.0.0.1:1',
      apiKey: undefined,
      headers: {},
      quirks: resolveQuirks(undefined, undefined),
      allowDirect: false,
      enabled: true,
    },
  },
};
const body = { model: 'my-alias', max_tokens: 10, stream: true, messages: [] };
const request = {
  protocol: 'anthropic',
  body,
  raw: body,
  clientHeaders: {},
  estimatedInputTokens: 1,
  dropped: [],
} as unknown as AnthropicClientRequest;

describe('the Anthropic client, OpenAI upstream codec', () => {
  it('holds the final message_delta back when asked, and keeps pinging until it is released', () => {
    const stream = anthropicClientOpenAIUpstream.openStream(request, at, true);
    const step = stream.push(sse(chunk({ role: 'assistant', content: 'hi' }), chunk({}, 'stop')));
    expect(step.out).toContain('event: message_start');
    expect(step.out).not.toContain('message_delta');
    const done = stream.push(encoder.encode('data: [DONE]\n\n'));
    const ending = step.ending ?? done.ending;
    expect(ending).toBeDefined();
    expect(stream.ping()).toMatch(/^event: ping\n/);
    ending!.delta.extra = true;
    expect(ending!.encode()).toMatch(/^event: message_delta\ndata: .*"extra":true/);
    expect(stream.ping()).toBe('');
  });

  it('sends everything at once when nothing is to be held', () => {
    const stream = anthropicClientOpenAIUpstream.openStream(request, at, false);
    const step = stream.push(sse(chunk({ role: 'assistant', content: 'hi' }), chunk({}, 'stop')));
    const rest = stream.push(encoder.encode('data: [DONE]\n\n'));
    expect(`${step.out}${rest.out}`).toContain('event: message_stop');
    expect(step.ending ?? rest.ending).toBeUndefined();
  });
});
