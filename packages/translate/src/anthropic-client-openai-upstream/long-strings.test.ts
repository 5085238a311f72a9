import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jsonWithKnownStrings,
  knownStrings,
  LONG_STRING_LENGTH,
  longStringLiterals,
  parseKnowingLiterals,
} from './long-strings.js';

const utf8 = new TextEncoder();
const literalOf = (text: string, { open, close }: { open: number; close: number }) =>
  text.slice(open, close + 1);

/** A string's JSON with some characters written as other escapes JSON allows (`\/`, `\u` in either case). */
// Text decoded from UTF-8 has no lone surrogate, so the characters here are whole ones.
const char = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('é', '☃', '😀', '\u2028'),
);
const rewritten = fc
  .tuple(fc.string({ unit: char, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 3 }))
  .map(([value, picks]) => {
    let json = JSON.stringify(value);
    for (const pick of picks) {
      const at = 1 + (pick % Math.max(1, json.length - 2));
      const char = json.charCodeAt(at);
      if (json[at - 1] === '\\' || json[at] === '\\' || at >= json.length - 1) continue;
      // Half of a surrogate pair escaped would leave the other half alone in the text.
      if (char >= 0xd800 && char <= 0xdfff) continue;
      const hex = char.toString(16).padStart(4, '0');
      const written = json[at] === '/' ? '\\/' : `\\u${pick % 2 ? hex.toUpperCase() : hex}`;
      json = json.slice(0, at) + written + json.slice(at + 1);
    }
    return json;
  });

/** A JSON text of objects and arrays whose strings are written in any of those ways. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    rewritten,
    fc.constantFrom('1', 'null', 'true'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.oneof(rewritten, fc.constantFrom('"1"', '"__proto__"', '"a"')), tie('value')), {
        maxLength: 4,
      })
      .map((entries) => `{${entries.map(([key, value]) => `${key}:${value}`).join(',')}}`),
  ),
})).value;

describe('longStringLiterals', () => {
  it('finds only literals written as JSON.stringify writes their values', () => {
    fc.assert(
      fc.property(jsonText, fc.nat(4), (text, minLength) => {
        for (const literal of longStringLiterals(text, minLength)) {
          const written = literalOf(text, literal);
          expect(written.length - 2).toBeGreaterThanOrEqual(minLength);
          expect(JSON.stringify(JSON.parse(written))).toBe(written);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("finds every key and string of JSON.stringify's text whose strings hold no backslash", () => {
    const count = (value: unknown): number =>
      typeof value === 'string'
        ? 1
        : Array.isArray(value)
          ? value.reduce((sum: number, each) => sum + count(each), 0)
          : value && typeof value === 'object'
            ? Object.entries(value).reduce((sum, [, each]) => sum + 1 + count(each), 0)
            : 0;
    const value = fc.jsonValue({ maxDepth: 3 }).filter((each) => !JSON.stringify(each).includes('\\\\'));
    fc.assert(
      fc.property(value, (each) => {
        expect(longStringLiterals(JSON.stringify(each), 0)).toHaveLength(count(each));
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseKnowingLiterals', () => {
  it('parses as JSON.parse does, knowing the string each literal became, or throws where JSON.parse throws', () => {
    const broken = fc.tuple(jsonText, fc.nat(), fc.constantFrom('', '"', '\\', ',', '}', '\u0001'));
    fc.assert(
      fc.property(
        fc.oneof(
          jsonText,
          // Between two whole characters: the text stays one decoded from UTF-8.
          broken.map(([t, at, c]) => {
            const chars = [...t];
            const cut = at % (chars.length + 1);
            return [...chars.slice(0, cut), c, ...chars.slice(cut)].join('');
          }),
        ),
        (text) => {
          const literals = longStringLiterals(text, 0);
          let expected: unknown;
          try {
            expected = JSON.parse(text);
          } catch {
            expect(() => parseKnowingLiterals(text, literals)).toThrow();
            return;
          }
          const read = parseKnowingLiterals(text, literals);
          if (!read) {
            // Only a literal that is a key refuses: some key then is one of them.
            expect(literals.some(({ close }) => /^\s*:/.test(text.slice(close + 1)))).toBe(true);
            return;
          }
          expect(read.value).toStrictEqual(expected);
          read.strings.forEach((string, i) => {
            if (string !== undefined) expect(JSON.stringify(string)).toBe(literalOf(text, literals[i]!));
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('knows which value each literal became under duplicate and integer keys', () => {
    const text =
      '{"b":"first one","1":"the one one","b":"the second","a":["the x of it",{"__proto__":"the proto p"}]}';
    const literals = longStringLiterals(text, 10);
    const read = parseKnowingLiterals(text, literals)!;
    expect(read.value).toStrictEqual(JSON.parse(text));
    const byText = Object.fromEntries(
      literals.map((literal, i) => [literalOf(text, literal), read.strings[i]]),
    );
    expect(byText).toEqual({
      '"the one one"': 'the one one',
      '"the second"': 'the second',
      '"the x of it"': 'the x of it',
      '"the proto p"': 'the proto p',
    });
    expect(Object.getPrototypeOf((read.value as { a: object[] }).a[1])).toBe(Object.prototype);
    const first = parseKnowingLiterals(
      '{"b":"first one is!","b":"x"}',
      longStringLiterals('{"b":"first one is!","b":"x"}', 10),
    )!;
    expect(first).toEqual({ value: { b: 'x' }, strings: [undefined] });
    expect(parseKnowingLiterals('{"long key":1}', longStringLiterals('{"long key":1}', 4))).toBeUndefined();
  });
});

describe('jsonWithKnownStrings', () => {
  const long = fc
    .tuple(fc.string({ unit: char, minLength: 1, maxLength: 8 }), fc.nat(3))
    .map(([piece, more]) => piece.repeat(Math.ceil((LONG_STRING_LENGTH + more) / piece.length)));

  it('writes each known string as its bytes, and everything as JSON.stringify would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(long, fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        (strings, chosen) => {
          const values = [
            { role: 'tool', content: strings[0] },
            strings,
            { parts: [{ text: strings.at(-1) }] },
          ];
          const known = knownStrings(
            strings
              .filter((_, i) => chosen[i])
              .map((each) => [each, utf8.encode(JSON.stringify(each))] as const),
          );
          const made = jsonWithKnownStrings(values, known);
          const expected = utf8.encode(values.map((each) => JSON.stringify(each)).join(','));
          expect(Buffer.compare(made, expected)).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('knows by length, and no string of a length two different strings have', () => {
    const a = 'a'.repeat(LONG_STRING_LENGTH);
    const b = `${'a'.repeat(LONG_STRING_LENGTH - 1)}b`;
    const c = 'c'.repeat(LONG_STRING_LENGTH + 1);
    const bytes = (each: string) => utf8.encode(JSON.stringify(each));
    const known = knownStrings([a, b, c, c].map((each) => [each, bytes(each)] as const));
    expect([...known.keys()]).toEqual([LONG_STRING_LENGTH + 1]);
    expect(known.get(LONG_STRING_LENGTH + 1)?.string).toBe(c);
    // A string of a known length that is not the known one is written as itself.
    const other = 'd'.repeat(LONG_STRING_LENGTH + 1);
    const out = jsonWithKnownStrings([[other, c]], knownStrings([[c, utf8.encode('"stand-in"')]]));
    expect(new TextDecoder().decode(out)).toBe(`["${other}","stand-in"]`);
  });

  it('copies the bytes it is given, not the string written again', () => {
    const text = 'é'.repeat(LONG_STRING_LENGTH);
    const stand = utf8.encode('"stand-in"');
    const out = new TextDecoder().decode(
      jsonWithKnownStrings([{ a: text, b: [text, 'x'] }], knownStrings([[text, stand]])),
    );
    expect(out).toBe('{"a":"stand-in","b":["stand-in","x"]}');
    expect(new TextDecoder().decode(jsonWithKnownStrings([{ a: 'é'.repeat(10) }], knownStrings([])))).toBe(
      JSON.stringify({ a: 'é'.repeat(10) }),
    );
  });
});
