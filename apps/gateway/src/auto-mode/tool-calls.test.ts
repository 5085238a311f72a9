import { describe, expect, it } from 'vitest';
import { answeredToolCalls } from './tool-calls.js';

const written = (id: string, input: string) => ({ id, name: 'Bash', input });

describe('answeredToolCalls', () => {
  it('reads each call’s arguments, keeping its exact id', () => {
    expect(
      answeredToolCalls([written('toolu_01Xy', '{"command":"ls"}'), written('b', '')], 'tool_use'),
    ).toEqual([
      { id: 'toolu_01Xy', name: 'Bash', input: { command: 'ls' }, truncated: false },
      { id: 'b', name: 'Bash', input: {}, truncated: false },
    ]);
  });

  it('counts unparseable arguments, arguments that are no object, and the call max_tokens cut as truncated', () => {
    const calls = [
      written('a', '{"x":'),
      written('b', '[1]'),
      written('c', '{"y":1}'),
      written('d', '{"z":1}'),
    ];
    expect(answeredToolCalls(calls, 'tool_use').map((call) => call.truncated)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(answeredToolCalls(calls, 'max_tokens').map((call) => call.truncated)).toEqual([
      true,
      true,
      false,
      true,
    ]);
  });
});
