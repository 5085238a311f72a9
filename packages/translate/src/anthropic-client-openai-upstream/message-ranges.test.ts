import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageRanges } from './message-ranges.js';

/** The text of each element the ranges point at. */
function elements(text: string): string[] | undefined {
  const ranges = messageRanges(text)?.elements;
  if (!ranges) return undefined;
  const out: string[] = [];
  for (let i = 0; i < ranges.length; i += 2) out.push(text.slice(ranges[i], ranges[i + 1]));
  return out;
}

describe('messageRanges', () => {
  it('finds each element of the top-level messages array, whitespace around them left out', () => {
    const text =
      ' { "model" : "m", "messages" : [ {"role":"user","content":"a"} ,\n\t{ "role": "assistant" } ], "x": 1 } ';
    expect(elements(text)).toEqual(['{"role":"user","content":"a"}', '{ "role": "assistant" }']);
    expect(elements('{"messages":[]}')).toEqual([]);
  });

  it('skips strings whatever they hold: escaped quotes, brackets, backslashes, messages keys', () => {
    const hostile = [
      { role: 'user', content: 'say "hi" \\" ] } [ {' },
      { role: 'user', content: '\\\\' },
      { role: 'user', content: [{ type: 'text', text: '"messages":[{"role":"system"}]' }] },
      { role: 'assistant', content: [{ type: 'tool_use', input: { messages: [{ a: 1 }], '"': '\\' } }] },
    ];
    const body = { metadata: { messages: ['not these'] }, '"messages"': [1], messages: hostile, tail: '"]}' };
    expect(elements(JSON.stringify(body))?.map((each) => JSON.parse(each))).toEqual(hostile);
  });

  it('gives up past the elements it was allowed', () => {
    expect(messageRanges('{"messages":[{},{}]}', undefined, 1)).toBeUndefined();
    expect(messageRanges('{"messages":[{},{}]}', undefined, 2)?.elements).toEqual([13, 15, 16, 18]);
  });

  it('says where the array itself is', () => {
    const text = '{"model":"m", "messages" : [ {"a":1} ] }';
    const found = messageRanges(text)!;
    expect(text[found.open]).toBe('[');
    expect(text.slice(found.open, found.close + 1)).toBe('[ {"a":1} ]');
  });

  it('gives up on a second messages key, plain or written with escapes (JSON.parse keeps the last)', () => {
    expect(messageRanges('{"messages":[{"a":1}],"messages":[{"b":2}]}')).toBeUndefined();
    expect(messageRanges('{"messages":[{"a":1}],"messag\\u0065s":[]}')).toBeUndefined();
    expect(messageRanges('{"messages":[{"a":1}],"messages":"x"}')).toBeUndefined();
    // An escaped key that is not `messages` is just another key; a bad escape is left to JSON.parse.
    expect(elements('{"bad\\x":1,"messages":[{"a":1}]}')).toEqual(['{"a":1}']);
    expect(elements('{"messag\\u0065":[{"b":2}],"messages":[{"a":1}]}')).toEqual(['{"a":1}']);
  });

  it('gives up unless the body is an object whose messages are an array of objects', () => {
    for (const text of [
      '[{"messages":[]}]',
      '{"model":"m"}',
      '{"messages":{"0":{}}}',
      '{"messages":"[]"}',
      '{"messages":[{"a":1},"text"]}',
      '{"messages":[{"a":1},[]]}',
      '{"messages":[1]}',
      '{"messages":[null]}',
      '{"messages":[{"a":"unterminated}]}',
      '{"messages":[,{"a":1}]}',
      '{"messages":[{"a":1},]}',
      '{"messages":[{"a":1},,{"b":1}]}',
      '{"messages":[{"a":1}{"b":1}]}',
      '{"messages":[{"a":1}',
    ])
      expect(messageRanges(text), text).toBeUndefined();
  });

  it('agrees with JSON.parse on any object with a messages array, however it is written', () => {
    const object = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 });
    fc.assert(
      fc.property(
        fc.array(object, { maxLength: 5 }),
        object,
        fc.constantFrom(undefined, 1, '\t', ' \n'),
        (messages, rest, indent) => {
          const { messages: _clash, ...others } = rest;
          const text = JSON.stringify({ ...others, messages, after: others }, null, indent);
          expect(elements(text)?.map((each) => JSON.parse(each))).toEqual(JSON.parse(text).messages);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('resumed after an element of an earlier body, finds in a body sharing its text so far what a whole scan finds', () => {
    const object = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 });
    // What may follow the shared text: the rest of any body, or any text at all.
    const tail = fc.oneof(
      fc
        .tuple(fc.array(object, { maxLength: 3 }), object)
        .map(
          ([more, rest]) =>
            `${more.map((each) => `,${JSON.stringify(each)}`).join('')}],"rest":${JSON.stringify(rest)}}`,
        ),
      fc.constantFrom(
        ']}',
        '],"messages":[]}',
        ',{"a":"\\"}]}',
        ' , {"b":[1]} ] , "c":"]"}',
        ']',
        ',]}',
        '}',
      ),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(
        fc.array(object, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        tail,
        (messages, pick, rest) => {
          const earlier = JSON.stringify({ model: 'm', messages, after: 1 });
          const found = messageRanges(earlier)!;
          const element = pick % messages.length;
          const at = found.elements[2 * element + 1]!;
          const known = { open: found.open, elements: found.elements, count: element + 1 };
          const text = earlier.slice(0, at) + rest;
          expect(messageRanges(text.slice(at), known)).toEqual(messageRanges(text));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
