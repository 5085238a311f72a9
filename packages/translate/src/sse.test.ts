import { describe, expect, it } from 'vitest';
import {
  createSSEParser,
  encodeAnthropicEvent,
  encodeSSE,
  type SSEParserLimits,
  SSETooLargeError,
} from './sse.js';

function parseAll(pieces: (string | Uint8Array)[]) {
  const parser = createSSEParser();
  return [...pieces.flatMap((p) => parser.feed(p)), ...parser.flush()];
}

describe('createSSEParser', () => {
  const body =
    'event: a\ndata: {"x":1}\n\n: keep-alive\n\ndata: line1\ndata: line2\nid: 7\n\ndata:no-space\n\n';
  const expected = [
    { event: 'a', data: '{"x":1}' },
    { data: 'line1\nline2', id: '7' },
    // The last event id persists until changed (WHATWG), so it is repeated.
    { data: 'no-space', id: '7' },
  ];

  it('parses events, comments, multi-line data and ids', () => {
    expect(parseAll([body])).toEqual(expected);
  });

  it('gives the same events whatever the chunk boundaries', () => {
    for (let size = 1; size < body.length; size++) {
      const pieces: string[] = [];
      for (let i = 0; i < body.length; i += size) pieces.push(body.slice(i, i + size));
      expect(parseAll(pieces)).toEqual(expected);
    }
  });

  it('accepts CRLF and lone CR line ends, also when a CRLF is split across chunks', () => {
    const crlf = body.replaceAll('\n', '\r\n');
    expect(parseAll([crlf])).toEqual(expected);
    for (let cut = 1; cut < crlf.length; cut++)
      expect(parseAll([crlf.slice(0, cut), crlf.slice(cut)])).toEqual(expected);
    expect(parseAll([body.replaceAll('\n', '\r')])).toEqual(expected);
  });

  it('decodes UTF-8 split inside a multi-byte character', () => {
    const bytes = new TextEncoder().encode('data: héllo 🌍\n\n');
    const parser = createSSEParser();
    const events = [];
    for (const byte of bytes) events.push(...parser.feed(new Uint8Array([byte])));
    expect(events).toEqual([{ data: 'héllo 🌍' }]);
  });

  it('ignores a byte-order mark and dispatches a last event without a blank line at flush', () => {
    expect(parseAll(['\uFEFFdata: 1\n\ndata: 2'])).toEqual([{ data: '1' }, { data: '2' }]);
  });

  it('does not dispatch an event without data', () => {
    expect(parseAll(['event: ping\n\n'])).toEqual([]);
  });
});

describe('encoders', () => {
  it('writes multi-line data as several data lines', () => {
    expect(encodeSSE({ event: 'e', data: 'a\nb' })).toBe('event: e\ndata: a\ndata: b\n\n');
  });

  it('encodes delta events exactly as JSON.stringify would', () => {
    const ev = {
      type: 'content_block_delta',
      index: 2,
      delta: { type: 'text_delta', text: 'a"\n\u2028b' },
    } as const;
    expect(encodeAnthropicEvent(ev)).toBe(`event: content_block_delta\ndata: ${JSON.stringify(ev)}\n\n`);
    const json = {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: '{"a' },
    } as const;
    expect(encodeAnthropicEvent(json)).toBe(`event: content_block_delta\ndata: ${JSON.stringify(json)}\n\n`);
    const stop = { type: 'message_stop' } as const;
    expect(encodeAnthropicEvent(stop)).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  });

  it('joins one long line fed in a thousand pieces, with a CRLF split between two of them', () => {
    const parser = createSSEParser();
    const piece = 'x'.repeat(1_000);
    expect(parser.feed('data: ')).toEqual([]);
    for (let i = 0; i < 1_000; i++) expect(parser.feed(piece)).toEqual([]);
    expect(parser.feed('\r')).toEqual([]);
    expect(parser.feed('\n\r\n')).toEqual([{ data: piece.repeat(1_000) }]);
  });
});

describe('createSSEParser with limits', () => {
  /** Feeds `pieces` one after the other; answers the part refused, or undefined when all were read. */
  function refused(limits: SSEParserLimits, pieces: string[]): 'line' | 'event' | undefined {
    const parser = createSSEParser(limits);
    try {
      for (const piece of pieces) parser.feed(piece);
      parser.flush();
      return undefined;
    } catch (error) {
      if (error instanceof SSETooLargeError) return error.part;
      throw error;
    }
  }

  it('adds the lines of one event, and starts again after a blank line', () => {
    const event = 'data: aaaa\ndata: bbbb\n\n';
    expect(refused({ maxLineLength: 10, maxEventLength: 20 }, [event, event])).toBeUndefined();
    expect(refused({ maxEventLength: 19 }, [event])).toBe('event');
    expect(refused({ maxLineLength: 9 }, [event])).toBe('line');
  });

  it('counts an event of many short data lines as the sum of them', () => {
    const lines = Array.from({ length: 1_000 }, () => 'data: xxxx\n').join('');
    expect(refused({ maxLineLength: 10, maxEventLength: 10_000 }, [lines, '\n'])).toBeUndefined();
    expect(refused({ maxEventLength: 9_999 }, [lines, '\n'])).toBe('event');
  });

  it('measures across chunk boundaries, a CRLF blank line split between two chunks included', () => {
    const pieces = ['data: aa', 'aa\r\n', '\r', '\ndata: b\r\n\r\n'];
    expect(refused({ maxLineLength: 10, maxEventLength: 10 }, pieces)).toBeUndefined();
    expect(refused({ maxLineLength: 9 }, pieces)).toBe('line');
    // A line still open is refused as it grows, before its end arrives.
    expect(refused({ maxLineLength: 10 }, ['data: aaaa', 'bbbb'])).toBe('line');
  });

  it('takes a lone CR line split from its LF as blank, and keeps comments out of the count', () => {
    expect(refused({ maxEventLength: 7 }, ['data: a\n', '\r', '\ndata: b\n\n'])).toBeUndefined();
    expect(refused({ maxEventLength: 14 }, ['data: a\n', 'x', '\ndata: b\n\n'])).toBe('event');
    const comments = Array.from({ length: 100 }, () => ': keep-alive\n').join('');
    expect(refused({ maxEventLength: 20 }, [comments, 'data: a\n\n'])).toBeUndefined();
  });
});
