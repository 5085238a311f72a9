import { describe, expect, it } from 'vitest';
import { testAnthropicRequest, testCodecTarget } from '../test-targets.js';
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

const at = testCodecTarget('openai', 'm');
const request = testAnthropicRequest({ model: 'my-alias', max_tokens: 10, stream: true, messages: [] });

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
