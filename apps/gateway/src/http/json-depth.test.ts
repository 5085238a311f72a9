import { describe, expect, it } from 'vitest';
import { tooDeepPath } from './json-depth.js';

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('JSON nesting depth', () => {
  it('accepts nesting up to the limit and finds where it is passed', () => {
    expect(tooDeepPath(nested(5), 5)).toBeUndefined();
    expect(tooDeepPath(nested(6), 5)).toEqual(['a', 'a', 'a', 'a', 'a']);
  });

  it('names keys and array indices on the way, ignoring brackets inside strings', () => {
    const text = JSON.stringify({ model: 'x[{', messages: [{ content: 'a' }, { content: [[[[1]]]] }] });
    expect(tooDeepPath(text, 5)).toEqual(['messages', 1, 'content', 0, 0]);
    expect(tooDeepPath(text, 7)).toBeUndefined();
  });

  it('reads escaped quotes inside strings', () => {
    expect(tooDeepPath(JSON.stringify({ 'k"[': ['"{{{{'] }), 2)).toBeUndefined();
  });

  it('checks 5,000 levels of arrays without recursion', () => {
    expect(tooDeepPath(`${'['.repeat(5_000)}${']'.repeat(5_000)}`)?.length).toBe(128);
  });
});
