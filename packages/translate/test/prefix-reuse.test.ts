import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anthropicMessagesRequestSchema,
  anthropicRequestToOpenAI,
  anthropicRequestToOpenAIBody,
  type KnownStrings,
  knownStrings,
  LONG_STRING_LENGTH,
  longStringLiterals,
  messageRanges,
  type OpenAITarget,
  parseKnowingLiterals,
  type RestStore,
  resolveQuirks,
  type TranslatedRest,
  type TranslatedTurn,
  type TurnReuse,
  type TurnStore,
} from '../src/index.js';
import { block, cache, message, openAIPresets, request, text, toolId } from './request-arbitraries.js';

const utf8 = new TextDecoder();

/** The texts of the elements of `text`'s `messages`, as the ingress hands them over. */
function turnTexts(text: string): string[] {
  const elements = messageRanges(text)?.elements ?? [];
  const texts: string[] = [];
  for (let i = 0; i < elements.length; i += 2) texts.push(text.slice(elements[i], elements[i + 1]));
  return texts;
}

const encoder = new TextEncoder();

/** A turn's long strings as the bytes of their literals, as the ingress finds them. */
function longStringsOf(turn: string): KnownStrings | undefined {
  const literals = longStringLiterals(turn);
  const read = literals.length > 0 ? parseKnowingLiterals(turn, literals) : undefined;
  if (!read) return undefined;
  return knownStrings(
    literals.flatMap(({ open, close }, i) => {
      const string = read.strings[i];
      return string === undefined ? [] : [[string, encoder.encode(turn.slice(open, close + 1))] as const];
    }),
  );
}

/** The text of `text` with its `messages` emptied, as the ingress hands it over. */
function restText(text: string): string {
  const found = messageRanges(text)!;
  return text.slice(0, found.open + 1) + text.slice(found.close);
}

/** A store keeping at most `capacity` entries, oldest out first (`Infinity`: all). */
function boundedStore<T = TranslatedTurn>(
  capacity: number,
): { hits: number } & {
  get(partition: string, raw: string): T | undefined;
  set(partition: string, raw: string, value: T): void;
} {
  const turns = new Map<string, T>();
  return {
    hits: 0,
    get(partition, raw) {
      const turn = turns.get(`${partition}\0${raw}`);
      if (turn) this.hits++;
      return turn;
    },
    set(partition, raw, turn) {
      turns.delete(`${partition}\0${raw}`);
      turns.set(`${partition}\0${raw}`, turn);
      for (const key of turns.keys()) {
        if (turns.size <= capacity) break;
        turns.delete(key);
      }
    },
  };
}

type Raw = { messages: { role: string; content: unknown }[] } & Record<string, unknown>;

/** Claude Code moves its cache marker to the newest turn: the marker on the last block of `at`. */
function withMarkerAt(messages: Raw['messages'], at: number): Raw['messages'] {
  return messages.map((each, i) => {
    if (i !== at || !Array.isArray(each.content) || each.content.length === 0) return each;
    const content = [...each.content];
    content[content.length - 1] = { ...content.at(-1), cache_control: { type: 'ephemeral' } };
    return { ...each, content };
  });
}

/** One request of a session: which of the pool's turns it carries, and how its text is written. */
const step = fc.record({
  // Turns dropped from the front (a compacted conversation) and the length reached.
  from: fc.nat(3),
  grow: fc.nat(4),
  marker: fc.integer({ min: -2, max: -1 }),
  indent: fc.constantFrom(undefined, undefined, undefined, 1, '\t'),
  // `/model` mid-conversation: another alias, other quirks, the same turns.
  preset: fc.option(fc.constantFrom(...openAIPresets), { nil: undefined, freq: 4 }),
  // The rest changing under the same turns: other system, tools, tool_choice, fields; or settings.
  rest: fc.option(request, { nil: undefined, freq: 3 }),
  reasoning: fc.option(fc.boolean(), { nil: undefined, freq: 3 }),
  params: fc.option(fc.constantFrom({ seed: 2 }, { n: 1 }, { temperature: 0 }), { nil: undefined, freq: 3 }),
  // A longer conversation leaves less of the window for the answer: the clamped limit changes.
  estimate: fc.option(fc.integer({ min: 390_000, max: 400_100 }), { nil: undefined, freq: 3 }),
});

/** A call and its result, as Claude Code's turns mostly are, with other blocks around them. */
const exchange = fc
  .record({
    id: toolId,
    before: fc.array(block, { maxLength: 2 }),
    after: fc.array(block, { maxLength: 2 }),
    result: fc.oneof(text, fc.array(fc.record({ type: fc.constant('text'), text }), { maxLength: 2 })),
    is_error: fc.boolean(),
  })
  .map(({ id, before, after, result, is_error }) => [
    {
      role: 'assistant',
      content: [...before, { type: 'tool_use', id, name: 'Bash', input: { command: 'ls' } }],
    },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: result, is_error }, ...after],
    },
  ]);

const session = fc.record({
  base: request,
  pool: fc
    .array(
      fc.oneof(
        message.map((each) => [each]),
        exchange,
      ),
      { maxLength: 8 },
    )
    .map((groups) => groups.flat()),
  steps: fc.array(step, { minLength: 1, maxLength: 6 }),
  preset: fc.constantFrom(...openAIPresets),
  reasoning: fc.boolean(),
  params: fc.option(fc.constantFrom({ seed: 1 }, { model: 'override', messages: [] }, { n: 1 }), {
    nil: undefined,
  }),
  store: fc.constantFrom('cold', 'warm', 'evicting'),
  capacity: fc.integer({ min: 1, max: 6 }),
  scopes: fc.constantFrom(['a'], ['a', 'b']),
  systemCache: cache,
});

/** The upstream body both ways, or the error both ways throw (`rests`: the rest reused as well). */
function translateBoth(
  text: string,
  target: OpenAITarget,
  store: TurnStore,
  scope: string,
  rests?: RestStore,
) {
  const req = anthropicMessagesRequestSchema.parse(JSON.parse(text));
  const fromScratch: string[] = [];
  const reused: string[] = [];
  const reuse: TurnReuse = {
    store,
    scope,
    texts: turnTexts(text),
    rest: rests && { text: restText(text), store: rests },
    longStrings: turnTexts(text).map(longStringsOf),
  };
  let expected: string;
  try {
    expected = JSON.stringify(anthropicRequestToOpenAI(req, target, fromScratch));
  } catch (error) {
    expect(() => anthropicRequestToOpenAIBody(req, target, reuse, reused)).toThrow((error as Error).message);
    return;
  }
  const body = anthropicRequestToOpenAIBody(req, target, reuse, reused);
  // The bytes are the encoder's, so equal text means equal bytes.
  expect(utf8.decode(body)).toBe(expected);
  expect(reused).toEqual(fromScratch);
}

describe('anthropicRequestToOpenAIBody (prefix reuse)', () => {
  it('writes byte for byte what a translation from scratch writes, turn by turn, cold, warm and evicting', () => {
    fc.assert(
      fc.property(session, (s) => {
        const settings = {
          model: 'upstream-model',
          reasoning: s.reasoning,
          maxOutputTokens: 8192,
          contextWindow: 400_000,
          estimatedInputTokens: 1_000,
          params: s.params,
        };
        const capacity = s.store === 'evicting' ? s.capacity : Number.POSITIVE_INFINITY;
        const warm = boundedStore(capacity);
        const warmRests = boundedStore<TranslatedRest>(capacity);
        let length = 0;
        s.steps.forEach((each, n) => {
          length = Math.min(s.pool.length, length + each.grow);
          const messages = withMarkerAt(s.pool.slice(0, length), length + each.marker).slice(each.from);
          const body = { ...(each.rest ?? s.base), messages } as Raw;
          if (s.systemCache && Array.isArray(body.system) && body.system.length > 0)
            body.system = [{ type: 'text', text: 'cached', cache_control: s.systemCache }, ...body.system];
          const text = JSON.stringify(body, null, each.indent);
          const store = s.store === 'cold' ? boundedStore(0) : warm;
          const rests = s.store === 'cold' ? boundedStore<TranslatedRest>(0) : warmRests;
          const target: OpenAITarget = {
            ...settings,
            quirks: resolveQuirks(each.preset ?? s.preset),
            reasoning: each.reasoning ?? s.reasoning,
            params: each.params ?? s.params,
            estimatedInputTokens: each.estimate ?? settings.estimatedInputTokens,
          };
          translateBoth(text, target, store, s.scopes[n % s.scopes.length]!, n % 3 === 2 ? undefined : rests);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('translates each turn and the rest once on a growing session', () => {
    const store = boundedStore(Number.POSITIVE_INFINITY);
    const rests = boundedStore<TranslatedRest>(Number.POSITIVE_INFINITY);
    const target: OpenAITarget = { model: 'm', quirks: resolveQuirks('mistral'), reasoning: true };
    const messages: Raw['messages'] = [];
    for (let turn = 0; turn < 10; turn++) {
      messages.push(
        {
          role: 'user',
          content: [
            ...(turn > 0 ? [{ type: 'tool_result', tool_use_id: `toolu_${turn - 1}`, content: 'ok' }] : []),
            { type: 'text', text: `turn ${turn}` },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hm', signature: 'aurora:v1:reasoning_content' },
            { type: 'tool_use', id: `toolu_${turn}`, name: 'Bash', input: { command: 'ls' } },
          ],
        },
      );
      const before = store.hits;
      translateBoth(
        JSON.stringify({ model: 'a', max_tokens: 10, system: 'be brief', messages }),
        target,
        store,
        'k',
        rests,
      );
      expect(store.hits - before).toBe(messages.length - 2);
      expect(rests.hits).toBe(turn);
    }
  });

  it("writes long strings from their literals' bytes as a translation from scratch writes them", () => {
    const long = (seed: string) =>
      `${seed} ✓ “quoted” \\ \n\t\u0001 😀 `.repeat(Math.ceil(LONG_STRING_LENGTH / 20));
    const messages = [
      { role: 'user', content: [{ type: 'text', text: long('asked') }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: long('thought'), signature: 'aurora:v1:reasoning_content' },
          { type: 'text', text: long('said') },
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'Write',
            input: { content: long('wrote') },
          },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: long('result') },
          {
            type: 'tool_result',
            tool_use_id: 'toolu_1',
            content: [{ type: 'text', text: long('the block') }],
          },
          { type: 'text', text: long('asked') },
        ],
      },
      { role: 'user', content: long('plain') },
      // A long key: the turn is written the plain way.
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_2', name: 'Write', input: { [long('key')]: long('value') } },
        ],
      },
    ];
    const text = JSON.stringify({ model: 'a', max_tokens: 10, system: long('system'), messages });
    // They are found, and what the turns do with them is the translation's.
    expect(turnTexts(text).map((each) => longStringsOf(each)?.size ?? 0)).toEqual([1, 3, 3, 1, 0]);
    for (const preset of openAIPresets) {
      const target: OpenAITarget = { model: 'm', quirks: resolveQuirks(preset), reasoning: true };
      translateBoth(text, target, boundedStore(0), 'k');
    }
  });

  it('retranslates a tool result whose call left the conversation', () => {
    const store = boundedStore(Number.POSITIVE_INFINITY);
    const target: OpenAITarget = { model: 'm', quirks: resolveQuirks('openai') };
    const call = {
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} }],
    };
    const result = {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }],
    };
    const full = JSON.stringify({ model: 'a', max_tokens: 10, messages: [call, result] });
    const compacted = JSON.stringify({ model: 'a', max_tokens: 10, messages: [result] });
    translateBoth(full, target, store, 'k');
    translateBoth(compacted, target, store, 'k');
    const body = anthropicRequestToOpenAIBody(
      anthropicMessagesRequestSchema.parse(JSON.parse(compacted)),
      target,
      { store, scope: 'k', texts: turnTexts(compacted) },
    );
    expect(utf8.decode(body)).toContain('[result of tool call toolu_1]');
  });

  it('never hands one caller the turns another caller stored', () => {
    const store = boundedStore(Number.POSITIVE_INFINITY);
    const target: OpenAITarget = { model: 'm', quirks: resolveQuirks('openai') };
    const text = JSON.stringify({ model: 'a', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    translateBoth(text, target, store, 'key:1');
    translateBoth(text, target, store, 'key:2');
    expect(store.hits).toBe(0);
    translateBoth(text, target, store, 'key:1');
    expect(store.hits).toBe(1);
  });
});
