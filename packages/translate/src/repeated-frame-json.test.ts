import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../test/corpus-recording.js';
import { createRepeatedFrameParser } from './repeated-frame-json.js';

const chunk = (content: string, extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content, ...extra }, finish_reason: null }],
    ...top,
  });

/** What JSON.parse makes of each frame, or the error it throws, as the parser must. */
function both(frames: string[]) {
  const parse = createRepeatedFrameParser();
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
      .tuple(
        fc.nat({ max: text.length }),
        fc.constantFrom('"', '\\', ',', '}', ']', 'x', ' ', '0', '+', '-', '.', 'e'),
      )
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
  // Values beside the text that change too: OpenAI's random padding, a token id, a timestamp.
  fc
    .tuple(tricky, fc.string(), fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 1e21, 1.5e-7)))
    .map(([content, obfuscation, n]) => chunk(content, { token_id: n }, { obfuscation, created: n })),
  // A value that turns from text to null, or to another kind.
  fc.constantFrom(null, true, 1, 'x', { a: 1 }, [1]).map((other) => chunk('t', {}, { usage: other })),
  tricky.map((content) => chunk(content, {}, { nested: { kept: [1, { deep: true }] } })),
  tricky.map(
    (content) => `{"__proto__":{"x":1},"choices":[{"delta":{"content":${JSON.stringify(content)}}}]}`,
  ),
  // A frame that is one value: a keep-alive string, a number.
  fc.oneof(fc.integer(), fc.double(), tricky).map((each) => ` ${JSON.stringify(each)} `),
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
    const parse = createRepeatedFrameParser();
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
    const parse = createRepeatedFrameParser();
    const frameOf = (content: string) => written(chunk(content));
    // Two frames teach the shape: what differs between them is what changes.
    parse(frameOf('first'));
    parse(frameOf('second'));
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

  it('stops learning shapes that are never read from: one extra parse a frame at most a few times', () => {
    const parse = createRepeatedFrameParser();
    // Two frames in a row teach a shape, and the next one changes a value's kind (text, then a
    // number): the shape is of no use to it.
    const frames = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({ a: (i >> 1) % 2 ? i : `${i}`, b: `${i}` }),
    );
    const { result, parses } = countingParses(() => frames.map(parse));
    expect(result).toEqual(frames.map((text) => JSON.parse(text)));
    // A few parses more than frames try the shapes, and then no more are tried (learning at every
    // pair would add 50).
    expect(parses).toBeLessThanOrEqual(100 + 8);
  });

  it('keeps learning while shapes are read from: a stream whose frames change shape now and then', () => {
    const parse = createRepeatedFrameParser();
    const frames = Array.from({ length: 10 }, (_, group) =>
      Array.from({ length: 5 }, (_, i) => chunk(`${i}`, {}, { [`extra ${group}`]: 1 })),
    ).flat();
    const { result, parses } = countingParses(() => frames.map(parse));
    expect(result).toEqual(frames.map((text) => JSON.parse(text)));
    // In each group the first frame is parsed, the second parsed and probed, the other three read.
    expect(parses).toBe(30);
  });

  it('reads OpenAI chunks whose padding, token id and text all change', () => {
    const parse = createRepeatedFrameParser();
    const frames = Array.from({ length: 20 }, (_, i) =>
      chunk(`w${i}`, { token_id: 1000 + i * 7 }, { obfuscation: 'x'.repeat(i % 5) + i }),
    );
    const { result, parses } = countingParses(() => frames.map(parse));
    expect(result).toEqual(frames.map((text) => JSON.parse(text)));
    expect(parses).toBe(3);
  });

  it.each(['01', '1.', '+1', '1e', '-', '.5', '1e+', '0x1', '1_0', 'Infinity'])(
    'refuses %s where a number changes, as JSON.parse does',
    (token) => {
      const parse = createRepeatedFrameParser();
      const frame = (n: string) => `{"token_id":${n},"choices":[{"delta":{"content":"x"}}]}`;
      parse(frame('1'));
      parse(frame('2'));
      expect(parse(frame('3'))).toEqual(JSON.parse(frame('3')));
      expect(() => parse(frame(token))).toThrow(SyntaxError);
    },
  );
});

// The recorded provider streams (`test/corpus`), each chunk's text as it came.
const recorded = readdirSync(corpusDir)
  .filter((file) => file.endsWith('.chunks.txt'))
  .sort()
  .map((file) => ({
    name: file,
    frames: readFileSync(join(corpusDir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim()),
  }));

describe('streams of one source sharing what they learnt', () => {
  it('give what JSON.parse gives, however their frames interleave', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2), frame.chain(mutated)), { maxLength: 40 }), (steps) => {
        const memory = {};
        const parsers = [0, 1, 2].map(() => createRepeatedFrameParser(memory));
        for (const [stream, text] of steps) {
          let want: unknown;
          try {
            want = JSON.parse(text);
          } catch {
            expect(() => parsers[stream]!(text)).toThrow();
            continue;
          }
          expect(parsers[stream]!(text)).toEqual(want);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('let a later stream, with its own id, read its text chunks from the first', () => {
    const memory = {};
    const stream = (id: string) =>
      Array.from({ length: 6 }, (_, i) =>
        chunk(`word ${i}`, {}, { id, created: id.length * 1000 + i, obfuscation: 'p'.repeat(i) }),
      );
    for (const id of ['chatcmpl-a', 'chatcmpl-bb'])
      stream(id).slice(0, 2).forEach(createRepeatedFrameParser(memory));
    const later = stream('chatcmpl-ccc');
    const parse = createRepeatedFrameParser(memory);
    const { result, parses } = countingParses(() => later.map(parse));
    expect(result).toEqual(later.map((text) => JSON.parse(text)));
    expect(parses).toBe(0);
  });
});

describe('frames no shape is learnt from', () => {
  it('nested deeper than any chunk: read as JSON.parse reads them, at any depth', () => {
    const memory = {};
    // Past ~3,000 levels a recursive walk overflowed; the values are walked down here in a loop.
    const innermost = (value: unknown, depth: number) => {
      let node = value;
      for (let level = 0; level < depth; level++) {
        if (!Array.isArray(node) || node.length !== 1) return 'not the nesting JSON.parse makes';
        node = node[0];
      }
      return node;
    };
    for (const depth of [31, 33, 5_000, 100_000]) {
      const frame = (n: number) => `${'['.repeat(depth)}${n}${']'.repeat(depth)}`;
      for (const parse of [createRepeatedFrameParser(memory), createRepeatedFrameParser(memory)])
        expect([1, 2, 3, 4].map((n) => innermost(parse(frame(n)), depth))).toEqual([1, 2, 3, 4]);
    }
  });

  it('the values callers were given, whatever they did to them', () => {
    const memory = {};
    // A shape, then frames of another structure, each learnt from the one before it.
    const frames = [
      '{"id":"x","t":"a"}',
      '{"id":"x","t":"b"}',
      '{"n":1,"t":"c"}',
      '{"n":2,"t":"d"}',
      '{"n":3,"t":"e"}',
    ];
    for (const parse of [createRepeatedFrameParser(memory), createRepeatedFrameParser(memory)]) {
      for (const frame of frames) {
        const value = parse(frame) as Record<string, unknown>;
        expect(value).toEqual(JSON.parse(frame));
        Object.defineProperty(value, 't', {
          enumerable: true,
          get() {
            throw new Error('a caller made this throw');
          },
        });
      }
    }
  });
});

describe('frames that are one value', () => {
  it.each([[['1', '2', '3', '4']], [['"a"', '"b"', '"c"', '"d"']], [[' 1 ', ' 2 ', ' 3 ']]])(
    'are read as JSON.parse reads them: %j',
    (frames) => {
      const parse = createRepeatedFrameParser();
      expect(frames.map(parse)).toEqual(frames.map((text) => JSON.parse(text)));
    },
  );
});

describe('recorded provider streams read by their shape', () => {
  it.each(recorded)('$name: every chunk as JSON.parse reads it', ({ frames }) => {
    const parse = createRepeatedFrameParser();
    for (const frame of frames) expect(parse(frame)).toEqual(JSON.parse(frame));
  });

  it('most chunks of the recordings are read without parsing the chunk', () => {
    let frames = 0;
    let parses = 0;
    for (const stream of recorded) {
      const parse = createRepeatedFrameParser();
      frames += stream.frames.length;
      parses += countingParses(() => stream.frames.forEach(parse)).parses;
    }
    // 9,042 chunks: 1,191 parses when this was written (OpenAI's random padding and Hugging Face's
    // token ids change in every chunk too, and are read as the text is).
    expect(parses).toBeLessThan(frames / 5);
  });
});
