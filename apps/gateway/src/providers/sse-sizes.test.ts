import { describe, expect, it } from 'vitest';
import { measureFrames, NOTHING_OPEN, type OpenFrame } from './sse-sizes.js';

const encoder = new TextEncoder();

/** Measures `pieces` one after the other, as chunks of one body. */
function measure(pieces: string[]) {
  let open: OpenFrame = NOTHING_OPEN;
  let longestLine = 0;
  let longestEvent = 0;
  for (const piece of pieces) {
    const step = measureFrames(encoder.encode(piece), open);
    longestLine = Math.max(longestLine, step.longestLine);
    longestEvent = Math.max(longestEvent, step.longestEvent);
    open = step.open;
  }
  return { longestLine, longestEvent, open };
}

describe('measureFrames', () => {
  it('adds the lines of one event, and starts again after a blank line', () => {
    const event = 'data: aaaa\ndata: bbbb\n\n';
    expect(measure([event, event])).toMatchObject({ longestLine: 10, longestEvent: 20 });
  });

  it('counts an event of many short data lines as the sum of them', () => {
    const lines = Array.from({ length: 1_000 }, () => 'data: xxxx\n').join('');
    expect(measure([lines, '\n'])).toMatchObject({ longestLine: 10, longestEvent: 10_000 });
  });

  it('measures across chunk boundaries, a CRLF blank line split between two chunks included', () => {
    expect(measure(['data: aa', 'aa\r\n', '\r', '\ndata: b\r\n\r\n'])).toMatchObject({
      longestLine: 11,
      longestEvent: 11,
      open: NOTHING_OPEN,
    });
    expect(measure(['data: aaaa\ndata: bb', 'bb'])).toMatchObject({
      longestEvent: 20,
      open: { line: 10, event: 10 },
    });
  });

  it('takes a lone CR line split from its LF as blank, and a one-byte line of text as not', () => {
    expect(measure(['data: a\n', '\r', '\ndata: b\n\n'])).toMatchObject({ longestEvent: 7 });
    expect(measure(['data: a\n', 'x', '\ndata: b\n\n'])).toMatchObject({ longestEvent: 15 });
  });
});
