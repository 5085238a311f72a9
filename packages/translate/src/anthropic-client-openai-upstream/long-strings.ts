// Long strings (a tool's output, a file read) written upstream as the bytes they came in as. For a
// long text, most of all one with characters past Latin-1, escaping and copying it again
// (`JSON.stringify`) and encoding it to UTF-8 cost more than parsing it did. A string literal in
// the client's JSON that is written exactly as `JSON.stringify` writes its value is that value's
// JSON already: where the upstream body has the same string, those bytes are copied instead.

import { closingQuote } from './message-ranges.js';

/** Strings shorter than this cost less to write than to look up. */
export const LONG_STRING_LENGTH = 16 * 1024;

/**
 * An escape `JSON.stringify` never writes: `\/`, and any `\u` but a control character's other than
 * `\b`, `\t`, `\n`, `\f` and `\r`, in lower case (a surrogate written as escapes is left out too).
 */
const UNLIKE_STRINGIFY = /\\(?:\/|u(?!00(?:0[0-7bef]|1[0-9a-f])))/;

/** Where a string literal sits in a JSON text: its opening and closing quotes. */
export interface Literal {
  open: number;
  close: number;
}

/**
 * The string literals of the JSON text `text` (which starts outside a string) that are at least
 * `minLength` long and written as `JSON.stringify` would write their values: raw characters but for
 * `"`, `\` and control characters, and the escapes it uses for those. A backslash that is itself
 * escaped may make a literal look otherwise when it is not: it is then left out, never taken in.
 * The text is one decoded from UTF-8 (no lone surrogate, which `JSON.stringify` would escape) that
 * parses (no raw control character).
 */
export function longStringLiterals(text: string, minLength = LONG_STRING_LENGTH): Literal[] {
  const found: Literal[] = [];
  for (let open = text.indexOf('"'); open !== -1; ) {
    const close = closingQuote(text, open);
    if (close === -1) break;
    if (close - open - 1 >= minLength && !UNLIKE_STRINGIFY.test(text.slice(open, close + 1)))
      found.push({ open, close });
    open = text.indexOf('"', close + 1);
  }
  return found;
}

const markId = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16)).join('');
/** A string no client can send on purpose (a random id of this process's, between two NULs). */
const mark = (index: number) => `\u0000${markId}:${index}\u0000`;

/** What is known of the marks while they are put back: the literals' strings, and which landed where. */
interface Marks {
  of: Map<string, number>;
  decoded: string[];
  strings: (string | undefined)[];
}

/**
 * Puts the string of the literal `holder[key]` is the mark of back in its place, there or anywhere
 * in it: false when a mark is a key (a long string as a key is not written as bytes).
 */
function putBack(holder: unknown[] | Record<string, unknown>, key: number | string, marks: Marks): boolean {
  const slots = holder as Record<number | string, unknown>;
  const each = slots[key];
  if (typeof each === 'string') {
    const index = marks.of.get(each);
    if (index !== undefined) marks.strings[index] = slots[key] = marks.decoded[index]!;
    return true;
  }
  if (each === null || typeof each !== 'object') return true;
  if (Array.isArray(each)) return each.every((_, i) => putBack(each, i, marks));
  const object = each as Record<string, unknown>;
  return Object.keys(object).every((inner) => !marks.of.has(inner) && putBack(object, inner, marks));
}

/**
 * `JSON.parse(text)`, knowing which value each of `literals` became: `strings[i]` is the string
 * literal `i` parsed to, where it is a value in the result (undefined where a later duplicate key
 * replaced it). Throws as `JSON.parse(text)` would; undefined when a literal is a key.
 */
export function parseKnowingLiterals(
  text: string,
  literals: readonly Literal[],
): { value: unknown; strings: (string | undefined)[] } | undefined {
  const decoded = literals.map(({ open, close }) => JSON.parse(text.slice(open, close + 1)) as string);
  const marks: Marks = { of: new Map(), decoded, strings: literals.map(() => undefined) };
  let marked = '';
  let at = 0;
  literals.forEach(({ open, close }, index) => {
    marks.of.set(mark(index), index);
    marked += `${text.slice(at, open)}${JSON.stringify(mark(index))}`;
    at = close + 1;
  });
  const holder = { value: JSON.parse(marked + text.slice(at)) as unknown };
  return putBack(holder, 'value', marks) ? { value: holder.value, strings: marks.strings } : undefined;
}

/** Long strings, each with the UTF-8 of its JSON (quotes included), by their length. */
export type KnownStrings = ReadonlyMap<number, { string: string; bytes: Uint8Array }>;

/**
 * `entries` (a string and the UTF-8 of its JSON) by length, two different strings of one length
 * both left out. V8 hashes a string of more than 16,383 characters by its length alone, so a map
 * keyed by such strings compares a lookup with every key of that length, in full where they differ
 * only at the end: a turn of many such strings would cost the square of their number. By length,
 * a lookup compares with one string at most.
 */
export function knownStrings(entries: Iterable<readonly [string, Uint8Array]>): KnownStrings {
  const known = new Map<number, { string: string; bytes: Uint8Array } | undefined>();
  for (const [string, bytes] of entries) {
    if (!known.has(string.length)) known.set(string.length, { string, bytes });
    else if (known.get(string.length)?.string !== string) known.set(string.length, undefined);
  }
  const kept = new Map<number, { string: string; bytes: Uint8Array }>();
  for (const [length, entry] of known) if (entry) kept.set(length, entry);
  return kept;
}

const utf8 = new TextEncoder();
const plainJson = (values: readonly unknown[]) => values.map((each) => JSON.stringify(each)).join(',');

/**
 * The UTF-8 of `values.map(JSON.stringify).join(',')`, with each string of at least
 * `LONG_STRING_LENGTH` that `known` has written as its bytes there.
 */
export function jsonWithKnownStrings(values: readonly unknown[], known?: KnownStrings): Uint8Array {
  if (!known?.size) return utf8.encode(plainJson(values));
  const used: Uint8Array[] = [];
  const usedMark = JSON.stringify(mark(-1));
  const text = values
    .map((each) =>
      JSON.stringify(each, (_key, value: unknown) => {
        if (typeof value !== 'string' || value.length < LONG_STRING_LENGTH) return value;
        const entry = known.get(value.length);
        if (entry?.string !== value) return value;
        used.push(entry.bytes);
        return mark(-1);
      }),
    )
    .join(',');
  const pieces = text.split(usedMark);
  // The mark is in nothing else, but where it seemed to be, the plain way is taken.
  if (used.length === 0 || pieces.length !== used.length + 1)
    return utf8.encode(used.length === 0 ? text : plainJson(values));
  // The pieces between the marks and the known bytes, in turn.
  const parts = pieces.flatMap((piece, i) =>
    i < used.length ? [utf8.encode(piece), used[i]!] : [utf8.encode(piece)],
  );
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
