import { describe, expect, it } from 'vitest';
import type { CodecTarget } from '../codec.js';
import { testAnthropicRequest, testCodecTarget, testOpenAIRequest } from '../test-targets.js';
import { anthropicClientAnthropicUpstream } from './anthropic-client-anthropic-upstream.js';
import { openAIClientOpenAIUpstream } from './openai-client-openai-upstream.js';

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

const at = (kind: 'openai' | 'anthropic') => testCodecTarget(kind);

const anthropicRequest = testAnthropicRequest({
  model: 'my-alias',
  max_tokens: 10,
  stream: true,
  messages: [],
});

describe('the Anthropic passthrough codec', () => {
  it('sends the bytes of the client with only the model changed, and re-serialises when more must change', () => {
    const text =
      '{"model": "my-alias", "max_tokens": 10,\n "tools": [{"name": "t", "input_schema": {}}], "messages": []}';
    const raw = JSON.parse(text);
    const request = { ...anthropicRequest, raw, body: raw, sent: { text } };
    expect(anthropicClientAnthropicUpstream.upstreamBody(request, at('anthropic'))).toBe(
      text.replace('"my-alias"', '"upstream-model"'),
    );
    const noTools = at('anthropic');
    noTools.route.alias = { supports_tools: false } as NonNullable<CodecTarget['route']['alias']>;
    expect(JSON.parse(anthropicClientAnthropicUpstream.upstreamBody(request, noTools) as string)).toEqual({
      model: 'upstream-model',
      max_tokens: 10,
      messages: [],
    });
  });

  it('forwards the bytes untouched, reads usage on the side, and pings only between two frames', () => {
    const stream = anthropicClientAnthropicUpstream.openStream(anthropicRequest, at('anthropic'), false);
    const start = bytes(
      'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":5,"output_tokens":1}}}\n\nevent: content_block_delta\ndata: {"type":"content_',
    );
    const step = stream.push(start);
    expect(step.out).toBe(start);
    expect(stream.ping()).toBe('');
    const rest = stream.push(
      bytes(
        'block_delta"}\n\nevent: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":9}}\n\n',
      ),
    );
    expect(rest.usage).toEqual({ input_tokens: 5, output_tokens: 9 });
    expect(stream.ping()).toMatch(/^event: ping\n/);
    expect(stream.push(bytes('event: message_stop\ndata: {"type":"message_stop"}\n\n')).done).toBe(true);
  });

  it('reads an error event as a failure of the type it names', () => {
    const stream = anthropicClientAnthropicUpstream.openStream(anthropicRequest, at('anthropic'), false);
    const step = stream.push(
      bytes('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"busy"}}\n\n'),
    );
    expect(step.failure).toMatchObject({ status: 529, error: { type: 'overloaded_error' } });
  });
});

describe('the OpenAI passthrough codec', () => {
  const request = (includeUsage: boolean) =>
    testOpenAIRequest({
      model: 'my-alias',
      stream: true,
      messages: [],
      ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
    });
  const usageChunk = 'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}\n\n';

  it('takes the usage-only chunk out when the client did not ask for usage, but still reports it', () => {
    const stream = openAIClientOpenAIUpstream.openStream(request(false), at('openai'), false);
    const step = stream.push(
      bytes(`data: {"choices":[{"delta":{"content":"hi"}}]}\n\n${usageChunk}data: [DONE]\n\n`),
    );
    expect(step.out).toBe('data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n');
    expect(step.usage).toMatchObject({ input_tokens: 3, output_tokens: 4 });
    expect(step.done).toBe(true);
  });

  it('keeps it, byte for byte, when the client asked', () => {
    const stream = openAIClientOpenAIUpstream.openStream(request(true), at('openai'), false);
    const sent = bytes(usageChunk);
    expect(stream.push(sent).out).toBe(sent);
  });

  it('ends a stream cut before its finish reason and [DONE] with an error frame, never as complete', () => {
    for (const includeUsage of [false, true]) {
      const stream = openAIClientOpenAIUpstream.openStream(request(includeUsage), at('openai'), false);
      stream.push(
        bytes('data: {"choices":[{"delta":{"content":"hal"},"finish_reason":null}]}\n\ndata: {"cho'),
      );
      const end = stream.end();
      expect(end.failure).toMatchObject({ status: 502, error: { type: 'api_error' } });
      // Relayed bytes stopped inside a frame: the error frame starts on a fresh one.
      const start = includeUsage ? '\n\n' : '';
      expect(String(end.out).startsWith(`${start}data: {"error":{`)).toBe(true);
      expect(end.out).toMatch(/without a finish reason.*\}\n\n$/);
      expect(end.out).not.toContain('[DONE]');
    }
  });

  it('takes a finish reason without [DONE] as the end of a whole answer, and an empty one too', () => {
    for (const reason of ['"stop"', '""']) {
      const stream = openAIClientOpenAIUpstream.openStream(request(false), at('openai'), false);
      stream.push(bytes(`data: {"choices":[{"delta":{},"finish_reason": ${reason}}]}\n\n`));
      expect(stream.end()).toEqual({ out: '' });
    }
  });

  it('refuses a JSON answer without a finish reason, and relays one with it untouched', () => {
    const json = (reason: string) =>
      `{"choices":[{"index":0,"message":{"role":"assistant","content":"hal"}${reason}}]}`;
    for (const cut of [json(''), json(',"finish_reason":null')]) {
      expect(openAIClientOpenAIUpstream.readJson(cut, request(false), at('openai'), false)).toMatchObject({
        ok: false,
        reason: expect.stringContaining('without a finish reason'),
      });
    }
    const whole = json(',"finish_reason":"stop"');
    expect(openAIClientOpenAIUpstream.readJson(whole, request(false), at('openai'), false)).toMatchObject({
      ok: true,
      body: whole,
    });
  });
});
