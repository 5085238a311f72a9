import type { AnthropicStreamEvent } from '@aurora/translate';
import { describe, expect, it } from 'vitest';
import { createToolCallCollector, toolCallsOfMessage } from './tool-calls.js';

// A provider's arguments may be anything once parsed; the schema's type says object.
const toolUse = (id: string, input: unknown) => ({
  type: 'tool_use' as const,
  id,
  name: 'Bash',
  input: input as Record<string, unknown>,
});

describe('toolCallsOfMessage', () => {
  it('lists tool_use blocks with their ids and inputs', () => {
    expect(
      toolCallsOfMessage({
        content: [{ type: 'text', text: 'hi' }, toolUse('toolu_a', { command: 'ls' })],
        stop_reason: 'tool_use',
      }),
    ).toEqual([{ id: 'toolu_a', name: 'Bash', input: { command: 'ls' }, truncated: false }]);
  });

  it('counts the last call of a max_tokens answer, and arguments that are no object, as cut off', () => {
    const calls = toolCallsOfMessage({
      content: [toolUse('a', 'not json'), toolUse('b', { command: 'ls' }), toolUse('c', { command: 'rm' })],
      stop_reason: 'max_tokens',
    });
    expect(calls.map((each) => [each.id, each.truncated])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ]);
  });
});

describe('createToolCallCollector', () => {
  const start = (index: number, id: string): AnthropicStreamEvent => ({
    type: 'content_block_start',
    index,
    content_block: toolUse(id, {}),
  });
  const json = (index: number, partial_json: string): AnthropicStreamEvent => ({
    type: 'content_block_delta',
    index,
    delta: { type: 'input_json_delta', partial_json },
  });

  it('rebuilds each call from its fragments', () => {
    const collector = createToolCallCollector();
    const events: AnthropicStreamEvent[] = [
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      start(1, 'toolu_1'),
      json(1, '{"comm'),
      json(1, 'and":"ls"}'),
      { type: 'content_block_stop', index: 1 },
      start(2, 'toolu_2'),
      { type: 'content_block_stop', index: 2 },
    ];
    for (const event of events) collector.push(event);
    expect(collector.calls('tool_use')).toEqual([
      { id: 'toolu_1', name: 'Bash', input: { command: 'ls' }, truncated: false },
      { id: 'toolu_2', name: 'Bash', input: {}, truncated: false },
    ]);
  });

  it('marks unparseable arguments and the call cut by max_tokens as truncated', () => {
    const collector = createToolCallCollector();
    for (const event of [start(0, 'a'), json(0, '{"x":'), start(1, 'b'), json(1, '{"y":1}')])
      collector.push(event);
    expect(collector.calls('tool_use').map((each) => each.truncated)).toEqual([true, false]);
    expect(collector.calls('max_tokens').map((each) => each.truncated)).toEqual([true, true]);
  });
});
