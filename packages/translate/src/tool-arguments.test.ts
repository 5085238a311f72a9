import { describe, expect, it } from 'vitest';
import { TranslationError } from './errors.js';
import { argumentsCompletion, parseToolArguments } from './tool-arguments.js';

describe('parseToolArguments', () => {
  it('parses, repairs and unwraps one level of string encoding', () => {
    expect(parseToolArguments('', 't')).toEqual({});
    expect(parseToolArguments('{"a":1,}', 't')).toEqual({ a: 1 });
    expect(parseToolArguments('"{\\"a\\":1}"', 't')).toEqual({ a: 1 });
  });

  it('refuses what is no object with an api_error naming the tool, without recursing forever', () => {
    expect(() => parseToolArguments('a', 'Bash')).toThrow(TranslationError);
    expect(() => parseToolArguments('[1]', 'Bash')).toThrow(/Bash/);
  });

  it('completes truncated arguments only by appending', () => {
    expect(argumentsCompletion('{"a":"b"')).toBe('}');
    expect(argumentsCompletion('{"a":1}')).toBe('');
  });
});
