import { isUtf8 } from 'node:buffer';
import {
  closingQuote,
  type KnownStrings,
  knownStrings,
  longStringLiterals,
  parseKnowingLiterals,
} from '@aurora/translate';

/**
 * `JSON.parse(text)` of a turn whose bytes are `bytes` (`keyText` their key text, a character a
 * byte), with its long strings, where their literals are written as `JSON.stringify` writes them,
 * known as those literals' bytes, quotes included (`knownStrings`): the translation copies them
 * instead of writing the strings again. Throws as `JSON.parse(text)` would. For a turn of at least
 * `LONG_STRING_LENGTH` bytes: a shorter one has no such string.
 */
export function parseWithLongStrings(
  text: string,
  bytes: Uint8Array,
  keyText: string,
): { value: unknown; longStrings?: KnownStrings } {
  // Bytes that are not UTF-8 were decoded to replacement characters: then a literal's bytes are not
  // its string's UTF-8.
  const literals = isUtf8(bytes) ? longStringLiterals(text) : [];
  const read = literals.length > 0 ? parseKnowingLiterals(text, literals) : undefined;
  if (!read) return { value: JSON.parse(text) };
  const entries: [string, Uint8Array][] = [];
  let char = 0;
  let byte = 0;
  literals.forEach(({ open, close }, i) => {
    // Between two literals, the few characters of the JSON around them; the literal's end is found
    // in the bytes themselves.
    const start = byte + Buffer.byteLength(text.slice(char, open));
    const end = closingQuote(keyText, start);
    const string = read.strings[i];
    if (string !== undefined) entries.push([string, bytes.subarray(start, end + 1)]);
    char = close + 1;
    byte = end + 1;
  });
  const known = knownStrings(entries);
  return known.size > 0 ? { value: read.value, longStrings: known } : { value: read.value };
}
