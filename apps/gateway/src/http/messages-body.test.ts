import { anthropicMessagesRequestSchema, LONG_STRING_LENGTH } from '@aurora/translate';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { TurnCache } from '../providers/codecs/turn-cache.js';
import { parseJsonBody } from './json-body.js';
import { MAX_JSON_DEPTH } from './json-depth.js';
import { MAX_TURNS_READ_APART, parseMessagesBody } from './messages-body.js';
import { RequestBody } from './request-body.js';

/** What a parse gave: its values (keys in order, as they go upstream), or the error a client would read. */
function outcome(parse: () => { raw: unknown; data: unknown }) {
  try {
    const { raw, data } = parse();
    return { raw, data, written: [JSON.stringify(raw), JSON.stringify(data)] };
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return { error: error.message, type: error.type, options: error.options };
  }
}

const decoded = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bodyOf = (text: string | Uint8Array) => new RequestBody(Buffer.from(text));

/**
 * The same as the whole-body parse of the decoded bytes; each turn's key text, when given, holds the
 * bytes of the turn it parsed, and the body's length in characters is the decoded text's.
 */
const expectSameAsWhole = (sent: string | Uint8Array, turns: TurnCache, scope = 'key:1') => {
  const bytes = Buffer.from(sent);
  expect(
    outcome(() => {
      const { raw, data, chars, texts } = parseMessagesBody(bodyOf(bytes), turns, scope);
      expect(chars).toBe(decoded(bytes).length);
      if (texts) {
        const parsed = texts.map((each) => JSON.parse(decoded(Buffer.from(each, 'latin1'))));
        expect(parsed).toEqual((raw as typeof data).messages);
      }
      return { raw, data };
    }),
  ).toEqual(outcome(() => parseJsonBody(decoded(bytes), anthropicMessagesRequestSchema)));
};

const parses = (turn: string) =>
  outcome(() =>
    parseJsonBody(`{"model":"m","max_tokens":10,"messages":[${turn}]}`, anthropicMessagesRequestSchema),
  ).error === undefined;
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const user = (text: string) => ({ role: 'user', content: [{ type: 'text', text }] });

// Turns as written in a body: valid ones in every shape, and a few that something refuses.
const turnText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }).map((text) => JSON.stringify(user(text))) },
  // Any character, most written out as UTF-8 of one to four bytes.
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map((text) => JSON.stringify(user(text))),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        role: fc.constantFrom('user', 'assistant', 'system'),
        id: fc.constantFrom('toolu_1', 'toolu_2'),
        input: fc.jsonValue({ maxDepth: 3 }),
        extra: fc.jsonValue({ maxDepth: 2 }),
      })
      .map(({ role, id, input, extra }) =>
        JSON.stringify(
          {
            role,
            content: [
              { type: 'tool_use', id, name: 'Bash', input: { input } },
              { type: 'tool_result', tool_use_id: id, content: [{ type: 'text', text: '"]}' }] },
              { type: 'future_block', extra },
            ],
            extra,
          },
          null,
          role === 'system' ? 1 : undefined,
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"role":"robot","content":"x"}',
      '{"role":"user","content":7}',
      '{"role":"user","content":"unterminated}',
      '{"role":"user","content":"x",}',
      `{"role":"user","content":"x","deep":${nested(MAX_JSON_DEPTH - 3)}}`,
      `{"role":"user","content":"x","deep":${nested(MAX_JSON_DEPTH - 2)}}`,
      '{"role":"user","content":"x","role":"assistant"}',
      '{"role":"user","content":"x","messages":[{"role":"user"}]}',
    ),
  },
);

/** A body around `turns`: what the rest of the request may be, including what refuses it. */
const around = fc.constantFrom(
  (turns: string) => `{"model":"m","max_tokens":10,"messages":[${turns}]}`,
  (turns: string) => `{ "model" : "m",\n "messages" : [ ${turns} ] , "max_tokens": 10, "stream": true }`,
  (turns: string) => `{"model":"m","max_tokens":10,"system":"]\\"[","messages":[${turns}],"tools":[]}`,
  (turns: string) =>
    `{"model":"m","max_tokens":10,"system":"é ☃ 😀 \u00e9","messages":[${turns}],"tools":[]}`,
  (turns: string) => `{"model":"m","max_tokens":10,"system":"x"\u00a0,"messages":[${turns}]}`,
  (turns: string) => `{"model":"m","max_tokens":-1,"messages":[${turns}]}`,
  (turns: string) => `{"model":"m","max_tokens":10,"messages":[${turns}],"messages":[]}`,
  (turns: string) => `{"model":"m","max_tokens":10,"messag\\u0065s":[],"messages":[${turns}]}`,
  (turns: string) => `{"model":"m","max_tokens":10,"messages":[${turns}],"x":${nested(MAX_JSON_DEPTH)}}`,
  (turns: string) => `{"model":"m","max_tokens":10,"messages":[${turns}]`,
  (turns: string) => `{"model":"m","max_tokens":10,"messages":[${turns},]}`,
  (turns: string) => `[{"model":"m","max_tokens":10,"messages":[${turns}]}]`,
  (turns: string) => `{"model":"m","max_tokens":10,"bad\\x":1,"messages":[${turns}]}`,
  // Rests alike at both ends and as long (one cache bucket), unlike in between: system, tools, choice.
  ...['A', 'B'].flatMap((letter) => [
    (turns: string) =>
      `{"model":"m","max_tokens":10,"system":[{"type":"text","text":"${'x'.repeat(100)}${letter}${'y'.repeat(40)}"}],"messages":[${turns}]}`,
    (turns: string) =>
      `{"model":"m","max_tokens":10,"system":"${'x'.repeat(100)}","messages":[${turns}],"tools":[{"name":"${letter}","input_schema":{"type":"object"}}],"tool_choice":{"type":"auto"}${' '.repeat(40)}}`,
  ]),
  (turns: string) =>
    `{"model":"m","max_tokens":10,"system":"${'x'.repeat(100)}","messages":[${turns}],"tools":[{"name":"A","input_schema":{"type":"object"}}],"tool_choice":{"type":"any"}${' '.repeat(41)}}`,
  (turns: string) =>
    `{"model":"m","max_tokens":10,"system":"${'x'.repeat(100)}","messages":[${turns}],"tools":[{"name":"A","input_schema":"no"}],"tool_choice":{"type":"any"}${' '.repeat(40)}}`,
);

describe('parseMessagesBody', () => {
  it('gives what parsing the whole body gives, values or error, with the cache cold, warm and evicting', () => {
    fc.assert(
      fc.property(
        fc.array(turnText, { maxLength: 10 }),
        fc.array(fc.tuple(fc.nat(10), around), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0, 2_000, 64 * 1024 * 1024),
        (pool, requests, limit) => {
          const turns = new TurnCache(limit);
          for (const [length, body] of requests)
            expectSameAsWhole(body(pool.slice(0, length).join(',')), turns);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a conversation that repeats its recent bodies, edited anywhere, as parsing the whole body reads it', () => {
    // Each request of one of two conversations repeats that conversation's last one, less some newest
    // turns, plus new ones: an edit, kept as long, anywhere in the turns, the separators anything JSON
    // allows. More than the four bodies a scope keeps are seen between two requests of a conversation.
    // One character after a quote made `#` (in a text it stays valid, elsewhere it mostly is not),
    // taken out, or the turn's last character made `]`.
    const edit = (turn: string, at: number) => {
      if (at % 5 === 3) return `${turn.slice(0, -1)}]`;
      if (at % 5 === 4)
        return turn.slice(0, Math.max(1, at % turn.length)) + turn.slice((at % turn.length) + 1);
      const text = turn.indexOf('"text":"');
      const from = at % 2 === 0 && text !== -1 ? text + 7 : 1 + (at % Math.max(1, turn.length - 2));
      const index = turn.indexOf('"', from);
      const after = turn[index + 1];
      return index > 0 && after !== undefined && after !== '"' && after !== '\\' && index < turn.length - 2
        ? `${turn.slice(0, index + 1)}#${turn.slice(index + 2)}`
        : turn;
    };
    const step = fc.record({
      conversation: fc.oneof(fc.constant(0), fc.nat(5)),
      keep: fc.oneof({ weight: 2, arbitrary: fc.constant(10) }, { weight: 1, arbitrary: fc.nat(10) }),
      // Mostly turns that parse: one that does not keeps its conversation on the whole parse.
      add: fc.array(
        fc.oneof({ weight: 6, arbitrary: turnText.filter(parses) }, { weight: 1, arbitrary: turnText }),
        {
          maxLength: 3,
        },
      ),
      edit: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.tuple(fc.nat(10), fc.nat()) },
      ),
      separator: fc.constantFrom(',', ' ,', ',\n ', '\t,\t', '', ',,'),
      // Mostly the conversation's own rest again.
      around: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: around }),
    });
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 16 }),
        fc.constantFrom(0, 2_000, 64 * 1024 * 1024, 64 * 1024 * 1024),
        (steps, limit) => {
          const turns = new TurnCache(limit);
          const conversations: string[][] = [];
          const rests: ((turns: string) => string)[] = [];
          for (const { conversation, keep, add, edit: change, separator, around: other } of steps) {
            const body =
              other ??
              rests[conversation] ??
              ((turns: string) => `{"model":"m","max_tokens":10,"messages":[${turns}]}`);
            rests[conversation] = body;
            const kept = (conversations[conversation] ?? []).slice(0, keep);
            const next = [...kept, ...add];
            if (change && next.length > 0) {
              const [which, at] = change;
              next[which % next.length] = edit(next[which % next.length]!, at);
            }
            conversations[conversation] = next;
            expectSameAsWhole(body(next.join(separator)), turns);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('takes the turns a body repeats from the last body, and reads a turn edited in place anew', () => {
    const turns = new TurnCache(64 * 1024 * 1024);
    const long = (text: string) => JSON.stringify(user(text.repeat(200)));
    const first = [long('a'), long('b'), long('c')];
    const edited = [first[0]!, first[1]!.replace('bbbb', 'bbxb'), first[2]!, long('d')];
    const wrap = (list: string[]) => `{"model":"m","max_tokens":10,"messages":[${list.join(',')}]}`;
    const one = parseMessagesBody(bodyOf(wrap(first)), turns, 'key:1');
    const read = vi.spyOn(RequestBody.prototype, 'keyTextOf');
    const two = parseMessagesBody(bodyOf(wrap(edited)), turns, 'key:1');
    // The body is read as key text from the end of the repeated first turn on, and nowhere before it;
    // it ends as the last body did, so only up to the array's `]`.
    const end = wrap(first).indexOf(first[1]!) - 1;
    expect(read.mock.calls[0]).toEqual([end, wrap(edited).lastIndexOf(']') + 1]);
    expect(read.mock.calls.every(([start]) => start >= end)).toBe(true);
    read.mockRestore();
    expect(two.data.messages[0]).toBe(one.data.messages[0]);
    expect(two.data.messages[1]).not.toBe(one.data.messages[1]);
    expect(JSON.stringify(two.raw)).toBe(JSON.stringify(JSON.parse(wrap(edited))));
    expect(two.data.messages[2]).toBe(one.data.messages[2]);
    expectSameAsWhole(wrap(edited), turns);
  });

  it('reads a body that ends as the last one did only up to its array, and takes the rest from that body', () => {
    const turns = new TurnCache(64 * 1024 * 1024);
    const tools = `"tools":[${Array.from({ length: 20 }, (_, i) => `{"name":"T${i}","input_schema":{"type":"object"}}`).join(',')}]`;
    const wrap = (list: string[]) => `{"model":"m","max_tokens":10,"messages":[${list.join(',')}],${tools}}`;
    const first = [JSON.stringify(user('one')), JSON.stringify(user('two'))];
    const next = [...first, JSON.stringify(user('three'))];
    const one = parseMessagesBody(bodyOf(wrap(first)), turns, 'key:1');
    const read = vi.spyOn(RequestBody.prototype, 'keyTextOf');
    const two = parseMessagesBody(bodyOf(wrap(next)), turns, 'key:1');
    const close = wrap(next).lastIndexOf('],"tools"');
    // The new turn is read (an ASCII body's text is its key text); nothing of the ending is.
    expect(read.mock.calls[0]).toEqual([wrap(first).lastIndexOf('],"tools"'), close + 1]);
    expect(read.mock.calls.every(([, to]) => to !== undefined && to <= close + 1)).toBe(true);
    read.mockRestore();
    expect(two.rest).toBe(one.rest);
    expect(two.data.tools).toBe(one.data.tools);
    expectSameAsWhole(wrap(next), turns);
    // Its array closing before that ending: read on to the end, as any other body.
    const more = `{"model":"m","max_tokens":10,"messages":[${next.join(',')}],"x":[1],${tools}}`;
    expectSameAsWhole(more, turns);
    expectSameAsWhole(
      `{"model":"m","max_tokens":10,"messages":[${next.join(',')}],"tools":[]],${tools}}`,
      turns,
    );
  });

  it('keeps no record of a body whose first turn the cache could not keep: it could never be reused', () => {
    const turns = new TurnCache(100_000);
    const text = `{"model":"m","max_tokens":10,"messages":[${JSON.stringify(user('x'.repeat(30_000)))},${JSON.stringify(user('y'))}]}`;
    parseMessagesBody(bodyOf(text), turns, 'key:1');
    // The rest and the second turn, nothing else.
    expect(turns.size).toBe(2);
    expectSameAsWhole(text, turns);
  });

  it('parses a body of more turns than are read apart as a whole, as the cache off would', () => {
    const turns = new TurnCache(64 * 1024 * 1024);
    const many = Array.from({ length: MAX_TURNS_READ_APART + 1 }, (_, i) => JSON.stringify(user(`${i}`)));
    const text = `{"model":"m","max_tokens":10,"messages":[${many.join(',')}]}`;
    const read = parseMessagesBody(bodyOf(text), turns, 'key:1');
    expect(read.texts).toBeUndefined();
    expect(turns.size).toBe(0);
    expectSameAsWhole(text, turns);
    const fewer = `{"model":"m","max_tokens":10,"messages":[${many.slice(1).join(',')}]}`;
    expect(parseMessagesBody(bodyOf(fewer), turns, 'key:1').texts).toHaveLength(MAX_TURNS_READ_APART);
  });

  it('parses and validates a turn and the rest once, and shares them with the same caller only', () => {
    const turns = new TurnCache(64 * 1024 * 1024);
    const text = JSON.stringify({
      model: 'm',
      max_tokens: 10,
      system: [{ type: 'text', text: 'be brief' }],
      messages: [user('a'), user('b')],
    });
    const first = parseMessagesBody(bodyOf(text), turns, 'key:1');
    const again = parseMessagesBody(bodyOf(text), turns, 'key:1');
    expect(again.data.messages[0]).toBe(first.data.messages[0]);
    expect(Object.isFrozen(again.data.messages[0])).toBe(true);
    expect(again.data.system).toBe(first.data.system);
    expect(Object.isFrozen(again.data.system)).toBe(true);
    // Each request's own top-level objects, free to change.
    expect(again.data).not.toBe(first.data);
    expect(Object.isFrozen(again.data) || Object.isFrozen(again.raw)).toBe(false);
    const other = parseMessagesBody(bodyOf(text), turns, 'key:2');
    expect(other.data.messages[0]).not.toBe(first.data.messages[0]);
    expect(other.data.system).not.toBe(first.data.system);
    expect(other.data).toEqual(first.data);
  });

  it('refuses a turn seen before in a body that is broken elsewhere, as parsing the whole would', () => {
    const turns = new TurnCache(64 * 1024 * 1024);
    const seen = JSON.stringify(user('a'));
    expectSameAsWhole(`{"model":"m","max_tokens":10,"messages":[${seen}]}`, turns);
    for (const broken of [
      `{"model":"m","max_tokens":10,"messages":[${seen},{"role":"x","content":"y"}]}`,
      `{"model":"m","max_tokens":10,"messages":[${seen}],"tools":"no"}`,
      `{"model":"m","max_tokens":10,"messages":[${seen}]} trailing`,
    ]) {
      expect(() => parseMessagesBody(bodyOf(broken), turns, 'key:1')).toThrow(GatewayError);
      expectSameAsWhole(broken, turns);
    }
  });

  it("knows a new turn's long strings as the bytes of their literals, only where those are the strings' JSON", () => {
    // A long text of any characters, some written as other escapes JSON allows, bytes that are not
    // UTF-8 in it or not; as a text block's text, a tool result's content, a key, or twice under one key.
    const piece = fc.constantFrom(
      'line ✓ ok',
      'é',
      '😀',
      // As written in the JSON text: escapes JSON.stringify writes, and others it does not.
      '\\"',
      '\\\\',
      '\\n',
      '\\u001b',
      '\\/',
      '\\u0041',
      '\\u00e9',
      'x',
    );
    const longText = fc
      .tuple(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.nat(40))
      .map(([pieces, more]) => {
        const unit = pieces.join('');
        return unit.repeat(Math.ceil((LONG_STRING_LENGTH + more) / unit.length));
      });
    const shape = fc.constantFrom(
      (t: string) => `{"role":"user","content":[{"type":"text","text":"${t}"}]}`,
      (t: string) =>
        `{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"${t}"}]}`,
      (t: string) => `{"role":"user","content":"${t}","content":"short"}`,
      (t: string) => `{"role":"user","content":"short","content":"${t}"}`,
      (t: string) =>
        `{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"${t}":1,"c":"${t}"}}]}`,
    );
    const invalid = fc.option(fc.tuple(fc.nat(), fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80])));
    fc.assert(
      fc.property(longText, shape, invalid, (text, turnOf, bad) => {
        let turn = Buffer.from(turnOf(text));
        if (bad) {
          const at = 60 + (bad[0] % (turn.length - 80));
          turn = Buffer.concat([turn.subarray(0, at), Buffer.from(bad[1]), turn.subarray(at)]);
        }
        const body = Buffer.concat([
          Buffer.from('{"model":"m","max_tokens":10,"messages":['),
          turn,
          Buffer.from(']}'),
        ]);
        const turns = new TurnCache(64 * 1024 * 1024);
        expectSameAsWhole(body, turns, 'key:fresh');
        let read: ReturnType<typeof parseMessagesBody>;
        try {
          read = parseMessagesBody(bodyOf(body), new TurnCache(64 * 1024 * 1024), 'key:1');
        } catch {
          return;
        }
        for (const { string, bytes } of read.longStrings?.[0]?.values() ?? [])
          expect(Buffer.from(bytes).equals(Buffer.from(JSON.stringify(string)))).toBe(true);
        // Written as JSON.stringify writes it, valid UTF-8, and a value that stays: it is known.
        const plain =
          !bad && !/\\(?:\/|u00(?:41|e9))/.test(text) && !turnOf('$').includes('"$","content":"short"');
        if (plain && !turnOf('$').includes('{"$"')) expect(read.longStrings?.[0]?.size).toBe(1);
        if (bad) expect(read.longStrings).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });

  it('reads bytes that are not UTF-8 as decoding the whole body reads them, seen before or not', () => {
    const turns = new TurnCache(64 * 1024 * 1024);
    const seen = Buffer.from(JSON.stringify(user('é')));
    const broken = (bytes: number[]) =>
      Buffer.from([...Buffer.from('{"role":"user","content":"'), ...bytes, 0x22, 0x7d]);
    for (const bad of [[0xff], [0xc3], [0xe2, 0x98], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const body = (...parts: Uint8Array[]) =>
        Buffer.concat([
          Buffer.from('{"model":"m","max_tokens":10,"messages":['),
          ...parts,
          Buffer.from(']}'),
        ]);
      expectSameAsWhole(body(seen, Buffer.from(','), broken(bad)), turns);
      expectSameAsWhole(body(broken(bad), Buffer.from(','), seen), turns);
      expectSameAsWhole(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body(seen)]), turns);
    }
  });
});
