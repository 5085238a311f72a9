import { describe, expect, it } from 'vitest';
import { createThinkTagSplitter, splitThinkTags } from './think-tags.js';

describe('think tags', () => {
  const content = '<think>\nplan the answer\n</think>\n\nThe answer is 42.';

  it('splits thinking from text in a complete string', () => {
    expect(splitThinkTags(content)).toEqual({ thinking: '\nplan the answer\n', text: 'The answer is 42.' });
  });

  it('gives the same result when tags are cut at every possible place', () => {
    for (let a = 1; a < content.length; a++) {
      for (const b of [a + 1, a + 3, a + 8]) {
        const splitter = createThinkTagSplitter();
        const segments = [content.slice(0, a), content.slice(a, b), content.slice(b)].flatMap((p) =>
          splitter.push(p),
        );
        segments.push(...splitter.flush());
        const thinking = segments
          .filter((s) => s.kind === 'thinking')
          .map((s) => s.text)
          .join('');
        const text = segments
          .filter((s) => s.kind === 'text')
          .map((s) => s.text)
          .join('');
        expect({ thinking, text }).toEqual({ thinking: '\nplan the answer\n', text: 'The answer is 42.' });
      }
    }
  });

  it('keeps a lone "<" that turns out not to be a tag', () => {
    const splitter = createThinkTagSplitter();
    expect([...splitter.push('a <'), ...splitter.push('b> c'), ...splitter.flush()]).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'text', text: '<b> c' },
    ]);
  });

  it('treats an unterminated think as thinking to the end', () => {
    expect(splitThinkTags('<think>still going')).toEqual({ thinking: 'still going', text: '' });
  });
});
