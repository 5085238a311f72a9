import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRepeatedFrameParser, type StringPath } from './repeated-frame-json.js';

const PATHS: StringPath[] = [
  ['choices', 0, 'delta', 'content'],
  ['choices', 0, 'delta', 'tool_calls', 0, 'function', 'arguments'],
];

const chunk = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content, ...extra }, finish_reason: null }],
  });

/** What JSON.parse makes of each frame, or the error it throws, as the parser must. */
function both(frames: string[]) {
  const parse = createRepeatedFrameParser(PATHS);
  const read = (each: (text: string) => unknown) =>
    frames.map((text) => {
      try {
        return { value: each(text) };
      } catch (error) {
        return { error: (error as Error).name };
      }
    });
  return { got: read(parse), want: read(JSON.parse) };
}

// Strings that stress the literal: quotes, escapes, control characters, surrogates, the probe's text.
const tricky = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '"', '\\', '\\"', '\u0000', '\ud800', '"content":"', 'aurora\u0000probe', '\n'),
);

/** A frame as a provider may write it: re-escaped, spaced, or changed around the string. */
const mutated = (text: string) =>
  fc.oneof(
    fc.constant(text),
    fc.constant(text.replace(/":/g, '": ')),
    fc.constant(text.replace(/"(content|arguments)":"/, '"$1":"\\u0041')),
    fc.constant(text.replace('"content":', '"content":"dup","content":')),
    fc.constant(`${text} `),
    fc.constant(text.slice(0, -1)),
    fc.constant(text.replace('"m"', '"m2"')),
    fc.nat({ max: Math.max(0, text.length - 1) }).map((i) => text.slice(0, i) + text.slice(i + 1)),
    fc
      .tuple(fc.nat({ max: text.length }), fc.constantFrom('"', '\\', ',', '}', ']', 'x', ' '))
      .map(([i, c]) => text.slice(0, i) + c + text.slice(i)),
  );

const frame = fc.oneof(
  tricky.map((content) => chunk(content)),
  tricky.map((content) => chunk(content, { role: 'assistant' })),
  // A key whose text ends in `"content` after the real one: its literal follows the last `"content":`.
  fc
    .tuple(fc.constantFrom('a', 'b'), tricky)
    .map(([content, other]) => chunk(content, { 'say "content': other })),
  tricky.map((args) =>
    JSON.stringify({
      choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args } }] } }],
    }),
  ),
  tricky.map((content) => JSON.stringify({ choices: [{ delta: { content }, logprobs: { a: 1 } }] })),
  fc.constant('{"choices":[]}'),
  fc.constant('not json'),
);

/** What `run` returns, and how many times it called JSON.parse. */
function countingParses<T>(run: () => T): { result: T; parses: number } {
  const real = JSON.parse;
  let parses = 0;
  JSON.parse = ((text: string, reviver?: never) => {
    parses++;
    return real(text, reviver);
  }) as typeof JSON.parse;
  try {
    return { result: run(), parses };
  } finally {
    JSON.parse = real;
  }
}

describe('createRepeatedFrameParser', () => {
  it('gives what JSON.parse gives, frame by frame, whatever the frames', () => {
    fc.assert(
      fc.property(fc.array(frame.chain(mutated), { maxLength: 30 }), (frames) => {
        const { got, want } = both(frames);
        expect(got).toEqual(want);
        // As from JSON.parse, no two values share an object.
        const seen = new Set<object>();
        const walk = (node: unknown) => {
          if (typeof node !== 'object' || node === null) return;
          expect(seen.has(node)).toBe(false);
          seen.add(node);
          for (const child of Object.values(node)) walk(child);
        };
        for (const each of got) walk(each);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a repeating frame from its shape: a fresh tree each time, unchanged by what callers do', () => {
    const parse = createRepeatedFrameParser(PATHS);
    const first = parse(chunk('a')) as { choices: { delta: { content: string } }[] };
    (first as { model?: string }).model = 'changed by the caller';
    const texts = ['b', 'c\\"', 'd\n'].map((text) => chunk(text));
    const values = texts.map(parse) as (typeof first)[];
    expect(values).toEqual(texts.map((text) => JSON.parse(text)));
    expect(values[0]!.choices).not.toBe(values[1]!.choices);
    expect(values[0]!.choices[0]!.delta).not.toBe(values[1]!.choices[0]!.delta);
  });

  it.each([
    ['compact', (text: string) => text],
    ['spaced', (text: string) => text.replace(/":/g, '": ')],
  ])('does not parse a frame that repeats the shape (%s JSON)', (_, written) => {
    const parse = createRepeatedFrameParser(PATHS);
    const frameOf = (content: string) => written(chunk(content));
    parse(frameOf('first'));
    const frames = [
      ...Array.from({ length: 50 }, (_, i) => `word ${i} `),
      'with "quotes" and \\ escapes',
    ].map(frameOf);
    const want = frames.map((text) => JSON.parse(text));
    const { result, parses } = countingParses(() => frames.map(parse));
    expect(result).toEqual(want);
    // Only the escaped string's literal is parsed; never a whole frame.
    expect(parses).toBe(1);
  });

  it('stops learning shapes from frames that never repeat: one extra parse a frame at most a few times', () => {
    const parse = createRepeatedFrameParser(PATHS);
    const frames = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({ [`n${i}`]: i, choices: [{ delta: { content: `${i}` } }] }),
    );
    const { parses } = countingParses(() => frames.forEach(parse));
    // The first eight frames are parsed twice, trying to learn their shape; the rest once.
    expect(parses).toBe(100 + 8);
  });

  it('keeps learning while shapes are read from: a stream whose frames change shape now and then', () => {
    const parse = createRepeatedFrameParser(PATHS);
    const frames = Array.from({ length: 10 }, (_, group) =>
      Array.from({ length: 5 }, (_, i) => chunk(`${i}`).replace('"m"', `"model ${group}"`)),
    ).flat();
    const { parses } = countingParses(() => frames.forEach(parse));
    // Each group's first frame is parsed, and parsed again with the probe; the other four are not.
    expect(parses).toBe(20);
  });
});
