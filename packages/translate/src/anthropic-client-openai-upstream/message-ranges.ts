// Where a request's top-level `messages` array and each of its elements sit in its JSON text, found
// without parsing: strings are skipped with `indexOf`, so the cost is per string and bracket, not per character.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(text: string, at: number): boolean {
  let slashes = 0;
  while (text.charCodeAt(at - 1 - slashes) === BACKSLASH) slashes++;
  return slashes % 2 === 1;
}

/** The index of the quote closing the string opened at `open`, or -1. */
export function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at !== -1 && escaped(text, at)) at = text.indexOf('"', at + 1);
  return at;
}

/** Whether the key between the quotes at `open` and `close` reads `messages`, escapes decoded. */
function isMessagesKey(text: string, open: number, close: number): boolean {
  if (close - open === 9 && text.startsWith('messages', open + 1)) return true;
  for (let at = open + 1; at < close; at++) {
    if (text.charCodeAt(at) !== BACKSLASH) continue;
    try {
      return JSON.parse(text.slice(open, close + 1)) === 'messages';
    } catch {
      // A bad escape: not JSON, which whoever parses the parts finds out.
      return false;
    }
  }
  return false;
}

const isWhitespace = (char: number) => char === 0x20 || char === 0x0a || char === 0x0d || char === 0x09;

/** Where the top-level `messages` array is: its brackets, and each element's start and end. */
export interface MessageRanges {
  /** The offsets of its `[` and `]`. */
  open: number;
  close: number;
  /** Flat: the first element's start and end (exclusive), then the second's, and so on. */
  elements: number[];
}

/**
 * The top-level `messages` array of the JSON text `text`, or undefined unless the text is an object
 * whose one `messages` key holds an array of objects, commas exactly between them: a second
 * `messages` key (plain or written with escapes) would win in `JSON.parse`, so it is not guessed at.
 * Text that is not JSON may still get an answer, but then its parts do not parse, the array with
 * its elements left out included: the one who parses them finds out.
 *
 * `known` resumes a scan after the first `known.count` elements of an earlier body's scan (`open`,
 * `elements`): `text` is then the body from where the last of them ends, and the body up to there
 * is that earlier body's. The scan is one pass from left to right, so over the same characters it
 * stands in the same state there. Offsets in the answer are the whole body's. Past `limit`
 * elements it gives up as well.
 */
export function messageRanges(
  text: string,
  known?: { open: number; elements: readonly number[]; count: number },
  limit = Number.POSITIVE_INFINITY,
): MessageRanges | undefined {
  const elements: number[] = known ? known.elements.slice(0, 2 * known.count) : [];
  const base = known ? elements.at(-1)! : 0;
  let depth = known ? 2 : 0;
  let expectKey = false;
  let atMessages = known !== undefined;
  let inMessages = known !== undefined;
  let open = known?.open ?? -1;
  let close = -1;
  // Inside the array: what may come next (an element or the end; a comma or the end; an element).
  let next: 'first' | 'comma' | 'element' = known ? 'comma' : 'first';
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === QUOTE) {
      const end = closingQuote(text, i);
      if (end === -1) return undefined;
      if (depth === 1 && expectKey) {
        atMessages = isMessagesKey(text, i, end);
        if (atMessages && open !== -1) return undefined;
        expectKey = false;
      } else if (inMessages && depth === 2) return undefined;
      i = end;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (depth === 0 && char !== 0x7b) return undefined;
      if (depth === 1 && atMessages) {
        if (char !== 0x5b) return undefined;
        inMessages = true;
        open = base + i;
      } else if (inMessages && depth === 2) {
        if (char !== 0x7b || next === 'comma') return undefined;
        start = base + i;
      }
      depth++;
      expectKey = char === 0x7b;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth--;
      if (inMessages && depth === 2) {
        elements.push(start, base + i + 1);
        if (elements.length > 2 * limit) return undefined;
        next = 'comma';
      } else if (inMessages && depth === 1) {
        if (next === 'element') return undefined;
        inMessages = false;
        close = base + i;
      }
      expectKey = false;
    } else if (char === 0x2c /* , */) {
      if (depth === 1) {
        expectKey = true;
        atMessages = false;
      } else if (inMessages && depth === 2) {
        if (next !== 'comma') return undefined;
        next = 'element';
      }
    } else if (inMessages && depth === 2 && !isWhitespace(char)) return undefined;
  }
  return close === -1 ? undefined : { open, close, elements };
}
