import type { AnthropicStreamEvent } from './anthropic/message.js';
import type { OpenAIChatChunk } from './openai/response.js';

// Server-sent events (WHATWG HTML §9.2): an incremental parser that survives arbitrary chunk
// boundaries (also inside a CRLF or a multi-byte character), CR/LF/CRLF line ends, comments and
// multi-line `data:`; and the encoders for the frames Aurora writes.

export interface SSEEvent {
  event?: string;
  data: string;
  id?: string;
  retry?: number;
}

export interface SSEParser {
  /** Feeds the next piece of the body; returns the events it completed. */
  feed(chunk: string | Uint8Array): SSEEvent[];
  /** End of body: returns a last event that was not followed by a blank line (lenient, unlike the spec). */
  flush(): SSEEvent[];
}

/** Bounds on what the parser holds at once, in characters (UTF-8 bytes are never fewer). */
export interface SSEParserLimits {
  /** One line, its field name included. */
  maxLineLength?: number;
  /** One event: its lines together, which bounds the `data:` lines it keeps until the blank line. */
  maxEventLength?: number;
}

/** A line or an event longer than the parser's limit: nothing more of the stream is read. */
export class SSETooLargeError extends Error {
  constructor(
    readonly part: 'line' | 'event',
    readonly limit: number,
  ) {
    super(`an SSE ${part} is longer than the ${limit}-character limit`);
    this.name = 'SSETooLargeError';
  }
}

export function createSSEParser(limits: SSEParserLimits = {}): SSEParser {
  const maxLine = limits.maxLineLength ?? Number.POSITIVE_INFINITY;
  const maxEvent = limits.maxEventLength ?? Number.POSITIVE_INFINITY;
  const decoder = new TextDecoder();
  // The line not yet ended, in the pieces it arrived in.
  let pending: string[] = [];
  let pendingLength = 0;
  let eventLength = 0;
  let started = false;
  let skipLeadingLF = false;
  let data: string[] = [];
  let event: string | undefined;
  let id: string | undefined;
  let retry: number | undefined;

  const dispatch = (out: SSEEvent[]) => {
    if (data.length > 0) {
      const ev: SSEEvent = { data: data.length === 1 ? (data[0] as string) : data.join('\n') };
      if (event !== undefined) ev.event = event;
      if (id !== undefined) ev.id = id;
      if (retry !== undefined) ev.retry = retry;
      out.push(ev);
    }
    data = [];
    event = undefined;
    retry = undefined;
    eventLength = 0;
  };

  const line = (text: string, out: SSEEvent[]) => {
    if (text === '') return dispatch(out);
    if (text.length > maxLine) throw new SSETooLargeError('line', maxLine);
    if (text.charCodeAt(0) === 58 /* ':' */) return; // comment, e.g. a keep-alive: nothing is kept
    eventLength += text.length;
    if (eventLength > maxEvent) throw new SSETooLargeError('event', maxEvent);
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* ' ' */) value = value.slice(1);
    switch (field) {
      case 'data':
        data.push(value);
        break;
      case 'event':
        event = value;
        break;
      case 'id':
        if (!value.includes('\0')) id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        break;
    }
  };

  return {
    feed(chunk) {
      let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (!started && text.length > 0) {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (skipLeadingLF && text.length > 0) {
        skipLeadingLF = false;
        if (text.charCodeAt(0) === 10) text = text.slice(1);
      }
      // Only the new text is searched for line ends, and a line still open is kept in pieces: one
      // 64 MB line arriving in 64 KB chunks stays linear instead of being copied and searched again
      // with every chunk.
      const out: SSEEvent[] = [];
      let start = 0;
      let nextCR = text.indexOf('\r');
      for (;;) {
        let lf = text.indexOf('\n', start);
        if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
        const useCR = nextCR !== -1 && (lf === -1 || nextCR < lf);
        const end = useCR ? nextCR : lf;
        if (end === -1) break;
        const piece = text.slice(start, end);
        if (pending.length > 0) {
          pending.push(piece);
          line(pending.join(''), out);
          pending = [];
          pendingLength = 0;
        } else {
          line(piece, out);
        }
        if (useCR) {
          if (end + 1 < text.length) {
            lf = text.charCodeAt(end + 1) === 10 ? end + 1 : end;
            start = lf + 1;
          } else {
            // A CR at the very end may be the first half of a CRLF split across chunks.
            skipLeadingLF = true;
            start = end + 1;
          }
        } else {
          start = end + 1;
        }
      }
      if (start < text.length) {
        const piece = start === 0 ? text : text.slice(start);
        pendingLength += piece.length;
        // The open line is checked as it grows, so that an endless one is never held whole.
        if (pendingLength > maxLine) throw new SSETooLargeError('line', maxLine);
        pending.push(piece);
      }
      return out;
    },
    flush() {
      const out: SSEEvent[] = [];
      const rest = pending.join('') + decoder.decode();
      pending = [];
      pendingLength = 0;
      if (rest) line(rest, out);
      dispatch(out);
      return out;
    },
  };
}

/** One SSE frame. Multi-line data is split into several `data:` lines as the format requires. */
export function encodeSSE(ev: { event?: string; data: string }): string {
  const data = ev.data.includes('\n') ? ev.data.split('\n').join('\ndata: ') : ev.data;
  return ev.event ? `event: ${ev.event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}

/**
 * One Anthropic stream event as an SSE frame. Deltas, the bulk of a stream, are written without a
 * generic `JSON.stringify` of the whole event.
 */
export function encodeAnthropicEvent(ev: AnthropicStreamEvent): string {
  if (ev.type === 'content_block_delta') {
    const d = ev.delta;
    let delta: string;
    switch (d.type) {
      case 'text_delta':
        delta = `{"type":"text_delta","text":${JSON.stringify(d.text)}}`;
        break;
      case 'input_json_delta':
        delta = `{"type":"input_json_delta","partial_json":${JSON.stringify(d.partial_json)}}`;
        break;
      case 'thinking_delta':
        delta = `{"type":"thinking_delta","thinking":${JSON.stringify(d.thinking)}}`;
        break;
      default:
        delta = JSON.stringify(d);
    }
    return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${ev.index},"delta":${delta}}\n\n`;
  }
  return `event: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`;
}

/** One OpenAI stream chunk as an SSE frame (OpenAI streams carry no `event:` lines). */
export function encodeOpenAIChunk(chunk: OpenAIChatChunk): string {
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** The frame that ends an OpenAI stream. */
export const OPENAI_STREAM_DONE = 'data: [DONE]\n\n';
