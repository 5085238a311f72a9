import { describe, expect, it } from 'vitest';
import { testCodecTarget, testOpenAIRequest } from '../test-targets.js';
import { openAIClientAnthropicUpstream } from './openai-client-anthropic-upstream.js';

const encoder = new TextEncoder();
const frame = (event: Record<string, unknown>) =>
  encoder.encode(`event: ${event.type as string}\ndata: ${JSON.stringify(event)}\n\n`);

const at = testCodecTarget('anthropic', 'claude');

const request = testOpenAIRequest({ model: 'my-alias', stream: true, messages: [] });

const usage = { input_tokens: 3, output_tokens: 1 };
const opening = [
  {
    type: 'message_start',
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      content: [],
      model: 'claude',
      stop_reason: null,
      usage,
    },
  },
  {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} },
  },
  {
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'input_json_delta', partial_json: '{"command": "rm -rf ./' },
  },
];

describe('OpenAI client, Anthropic upstream', () => {
  it('ends a stream without message_stop with an error frame: no finish_reason, no [DONE]', () => {
    const stream = openAIClientAnthropicUpstream.openStream(request, at, false);
    const out = opening.map((event) => stream.push(frame(event)).out).join('');
    expect(out).toContain('rm -rf ./');
    const end = stream.end();
    expect(end.failure).toMatchObject({ status: 502, error: { type: 'api_error' } });
    expect(end.out).toMatch(/^data: \{"error":\{.*without a finish reason.*\}\n\n$/);
    expect(out + end.out).not.toMatch(/"finish_reason":"|\[DONE\]/);
  });

  it('still finishes a stream that said message_stop', () => {
    const stream = openAIClientAnthropicUpstream.openStream(request, at, false);
    for (const event of opening) stream.push(frame(event));
    stream.push(frame({ type: 'content_block_stop', index: 0 }));
    stream.push(
      frame({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage }),
    );
    const stop = stream.push(frame({ type: 'message_stop' }));
    expect(stop.done).toBe(true);
    expect(stop.failure).toBeUndefined();
    expect(stop.out).toMatch(/"finish_reason":"tool_calls".*\n\ndata: \[DONE\]\n\n$/s);
  });

  it('refuses a JSON message without a stop reason', () => {
    const message = (stop_reason: string | null) =>
      JSON.stringify({
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude',
        content: [{ type: 'text', text: 'hal' }],
        stop_reason,
        stop_sequence: null,
        usage,
      });
    expect(openAIClientAnthropicUpstream.readJson(message(null), request, at, false)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('without a finish reason'),
    });
    const whole = openAIClientAnthropicUpstream.readJson(message('end_turn'), request, at, false);
    expect(whole.ok && JSON.parse(whole.body).choices[0].finish_reason).toBe('stop');
  });
});
