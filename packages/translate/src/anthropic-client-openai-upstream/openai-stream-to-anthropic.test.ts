import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../ids.js';
import type { OpenAIChatChunk } from '../openai/response.js';
import { resolveQuirks } from '../quirks/index.js';
import { createOpenAIStreamToAnthropic } from './openai-stream-to-anthropic.js';

const make = () =>
  createOpenAIStreamToAnthropic({
    model: 'alias',
    quirks: resolveQuirks(),
    estimatedInputTokens: 7,
    ids: sequentialIds(),
  });
const tool = (args: string): OpenAIChatChunk => ({
  choices: [
    { index: 0, delta: { tool_calls: [{ index: 0, id: 'c', function: { name: 'Bash', arguments: args } }] } },
  ],
});

describe('createOpenAIStreamToAnthropic', () => {
  it('starts on the first chunk, pings only while open, and ends once', () => {
    const t = make();
    expect(t.ping()).toEqual([]);
    expect(t.started).toBe(false);
    expect(t.push({ choices: [{ index: 0, delta: { role: 'assistant' } }] }).map((e) => e.type)).toEqual([
      'message_start',
      'ping',
    ]);
    expect(t.ping()).toEqual([{ type: 'ping' }]);
    t.push({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    expect(t.finish().map((e) => e.type)).toEqual(['message_delta', 'message_stop']);
    expect(t.finish()).toEqual([]);
    expect(t.ping()).toEqual([]);
    expect(t.push({ choices: [{ index: 0, delta: { content: 'late' } }] })).toEqual([]);
  });

  it('ends a stream without a finish reason with an error, never a stop_reason or a runnable tool call', () => {
    const t = make();
    t.push({ choices: [{ index: 0, delta: { content: 'Cleaning up.' } }] });
    t.push(tool('{"command": "rm -rf ./'));
    expect(t.finish()).toEqual([
      {
        type: 'error',
        error: {
          type: 'api_error',
          message: 'the upstream provider ended the stream without a finish reason (cut short)',
        },
      },
    ]);
    expect(t.ended).toBe(true);
  });

  it('turns an upstream failure into one error event, mapping context overflow to "prompt is too long"', () => {
    const t = make();
    t.push({ choices: [{ index: 0, delta: { content: 'a' } }] });
    expect(t.pushError({ status: 400, code: 'context_length_exceeded', message: 'too big' })).toEqual([
      { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: too big' } },
    ]);
    expect(t.pushError(new Error('again'))).toEqual([]);
    expect(t.finish()).toEqual([]);
    expect(make().pushError({ type: 'overloaded_error', message: 'busy' })).toEqual([
      { type: 'error', error: { type: 'overloaded_error', message: 'busy' } },
    ]);
  });

  it('sends double-encoded arguments once, as the object they stand for', () => {
    const t = make();
    const events = [
      ...t.push(tool('"{\\"command\\":')),
      ...t.push(tool('\\"ls\\"}"')),
      ...t.push({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }),
      ...t.finish(),
    ];
    const json = events.flatMap((e) =>
      e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' ? [e.delta.partial_json] : [],
    );
    expect(json).toEqual(['{"command":"ls"}']);
  });

  it('puts the upstream usage in message_delta and the estimate in message_start', () => {
    const t = make();
    const start = t.push({ choices: [{ index: 0, delta: { content: 'x' } }] })[0];
    expect(start?.type === 'message_start' && start.message.usage.input_tokens).toBe(7);
    t.push({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    t.push({ choices: [], usage: { prompt_tokens: 50, completion_tokens: 3 } });
    const delta = t.finish().find((e) => e.type === 'message_delta');
    expect(delta?.type === 'message_delta' && delta.usage).toEqual({
      input_tokens: 50,
      output_tokens: 3,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });
});
