import { anthropicMessagesRequestSchema, messageRanges, type TranslatedTurn } from '@aurora/translate';
import { describe, expect, it } from 'vitest';
import { claudeCodeSession } from '../../../bench/claude-code-session.js';
import type { AnthropicClientRequest } from '../codec.js';
import { testAnthropicRequest, testCodecTarget } from '../test-targets.js';
import { anthropicClientOpenAIUpstream } from './anthropic-client-openai-upstream.js';
import { detached, keyText, TurnCache } from './turn-cache.js';

const turn = (json: string): TranslatedTurn => ({
  json: new TextEncoder().encode(json),
  dropped: [],
  toolIds: [],
});
const textOf = (body: string | Uint8Array | undefined) =>
  typeof body === 'string' || body === undefined ? body : Buffer.from(body).toString('utf8');
/** A turn's text as long as `length`, told apart from others of that length by its middle. */
function rawOf(tag: string, length = 400): string {
  const side = '.'.repeat((length - 8 - tag.length) / 2);
  return `{"x":"${side}${tag}${side}"}`;
}

/** What the ingress hands the codec for `text`: each turn's text and the rest's, as the cache keeps them. */
function keysOf(text: string): { texts: string[]; rest: string } {
  const found = messageRanges(text)!;
  const texts: string[] = [];
  for (let i = 0; i < found.elements.length; i += 2)
    texts.push(detached(text.slice(found.elements[i], found.elements[i + 1])));
  return { texts, rest: detached(text.slice(0, found.open + 1) + text.slice(found.close)) };
}

/** Turn texts that differ at the start, each in a bucket of its own. */
const distinct = (i: number) => `{"k${i}":"${'.'.repeat(390)}"}`;

describe('TurnCache', () => {
  it('keeps its entries under the byte limit, least recently used out first', () => {
    const cache = new TurnCache(20_000);
    for (let i = 0; i < 100; i++) {
      cache.translated.set('p', distinct(i), turn('x'.repeat(400)));
      expect(cache.bytes).toBeLessThanOrEqual(20_000);
      // The first entry, read after every write, stays.
      expect(cache.translated.get('p', distinct(0))).toBeDefined();
    }
    expect(cache.translated.get('p', distinct(1))).toBeUndefined();
    expect(cache.translated.get('p', distinct(99))).toEqual(turn('x'.repeat(400)));
    expect(cache.size).toBeGreaterThan(5);
  });

  it('finds a turn only by its exact text and only in its own partition', () => {
    const cache = new TurnCache(1_000_000);
    cache.translated.set('key:1', rawOf('same'), turn('one'));
    expect(cache.translated.get('key:2', rawOf('same'))).toBeUndefined();
    // Same length, same first and last characters, one character apart in the middle.
    const twin = rawOf('same').replace('same', 'samf');
    expect(cache.translated.get('key:1', twin)).toBeUndefined();
    cache.translated.set('key:1', twin, turn('two'));
    expect(textOf(cache.translated.get('key:1', rawOf('same'))?.json)).toBe('one');
    expect(textOf(cache.translated.get('key:1', twin)?.json)).toBe('two');
    cache.translated.set('key:1', twin, turn('three'));
    expect(textOf(cache.translated.get('key:1', twin)?.json)).toBe('three');
    expect(cache.size).toBe(2);
  });

  it('holds few turns that look alike at both ends, so none makes a lookup slow', () => {
    const cache = new TurnCache(10_000_000);
    for (let i = 0; i < 50; i++) cache.translated.set('p', rawOf(`${i}`.padStart(2, '0'), 1000), turn('x'));
    expect(cache.size).toBeLessThanOrEqual(4);
    expect(cache.translated.get('p', rawOf('49', 1000))).toBeDefined();
  });

  it('counts the body a key keeps alive: a turn that is most of the body is kept as its slice', () => {
    const raw = rawOf('big', 1_000);
    const body = `{"messages":[${raw}]}`;
    const big = keyText(raw, body);
    expect(big.text).toBe(raw);
    expect(big.retained).toBe(2 * (body.length - raw.length));
    expect(keyText(rawOf('small', 100), body + ' '.repeat(1_000))).toEqual({
      text: rawOf('small', 100),
      retained: 0,
    });
  });

  it('reads an entry by its handle while it is kept, and drops what it held once it is let go', () => {
    const cache = new TurnCache(4_000);
    const value = { parsed: 'a' };
    const kept = cache.set('p', distinct(0), value, 400)!;
    expect(cache.find('p', distinct(0))).toBe(kept);
    expect(cache.use(kept)).toBe(value);
    // Read by its handle, it is the most recently used: the others go first.
    for (let i = 1; i < 20; i++) {
      cache.set('p', distinct(i), {}, 400);
      expect(cache.use(kept)).toBe(value);
    }
    expect(cache.get('p', distinct(1))).toBeUndefined();
    for (let i = 20; i < 40; i++) cache.set('p', distinct(i), {}, 400);
    expect(cache.use(kept)).toBeUndefined();
    expect(cache.find('p', distinct(0))).toBeUndefined();
    expect((kept as unknown as { value: unknown }).value).toBeUndefined();
  });

  it('remembers the four latest records of a partition, newest first, in the same budget', () => {
    const cache = new TurnCache(10_000);
    for (let i = 0; i < 6; i++) cache.remember('key:1\nbody', { body: i }, 1_000);
    cache.remember('key:2\nbody', { body: 'other' }, 1_000);
    expect(cache.recent('key:1\nbody').map((each) => cache.use(each))).toEqual([
      { body: 5 },
      { body: 4 },
      { body: 3 },
      { body: 2 },
    ]);
    expect(cache.recent('key:2\nbody').map((each) => cache.use(each))).toEqual([{ body: 'other' }]);
    expect(cache.recent('key:3\nbody')).toEqual([]);
    for (let i = 0; i < 10; i++) cache.remember('key:3\nbody', { body: i }, 2_000);
    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.recent('key:1\nbody')).toEqual([]);
    cache.remember('key:1\nbody', { body: 'too big' }, 20_000);
    expect(cache.recent('key:1\nbody')).toEqual([]);
  });

  it('keeps nothing at 0 bytes, and no turn larger than the limit', () => {
    const none = new TurnCache(0);
    none.translated.set('p', rawOf('a'), turn('x'));
    expect(none.size).toBe(0);
    const small = new TurnCache(1_000);
    small.translated.set('p', rawOf('a', 2_000), turn('x'));
    expect(small.size).toBe(0);
    expect(small.bytes).toBe(0);
  });

  it('gives the codec the same upstream body as a translation from scratch, warm and evicting', () => {
    const at = testCodecTarget('openai');
    for (const limit of [64 * 1024 * 1024, 200_000]) {
      const cache = new TurnCache(limit);
      for (const sent of claudeCodeSession('my-alias', 12, 20_000)) {
        const text = JSON.stringify(sent);
        const turns = { store: cache.translated, scope: 'key:1', texts: keysOf(text).texts };
        const body = anthropicMessagesRequestSchema.parse(JSON.parse(text));
        const fromScratch = testAnthropicRequest(body);
        const reused: AnthropicClientRequest = { ...testAnthropicRequest(body), sent: { text }, turns };
        expect(textOf(anthropicClientOpenAIUpstream.upstreamBody(reused, at))).toBe(
          anthropicClientOpenAIUpstream.upstreamBody(fromScratch, at),
        );
        expect(reused.dropped).toEqual(fromScratch.dropped);
        expect(cache.bytes).toBeLessThanOrEqual(limit);
      }
    }
  });

  it('follows an alias switched to supports_tools: false, with the same text and rest cached, and keeps both', () => {
    const cache = new TurnCache(64 * 1024 * 1024);
    const text = JSON.stringify(claudeCodeSession('my-alias', 2, 2_000).at(-1));
    const { texts, rest } = keysOf(text);
    const body = anthropicMessagesRequestSchema.parse(JSON.parse(text));
    const request = (): AnthropicClientRequest => ({
      ...testAnthropicRequest(body),
      turns: { store: cache.translated, scope: 'key:1', texts, rest: { text: rest, store: cache.rests } },
    });
    const withTools = testCodecTarget('openai');
    const noTools = testCodecTarget('openai');
    noTools.route.alias = { supports_tools: false } as NonNullable<typeof noTools.route.alias>;
    const sent = (at: typeof withTools) =>
      JSON.parse(textOf(anthropicClientOpenAIUpstream.upstreamBody(request(), at))!) as { tools?: unknown[] };

    expect(sent(withTools).tools?.length).toBeGreaterThan(0);
    const withToolsKept = cache.size;
    expect(sent(noTools).tools).toBeUndefined();
    expect(sent(withTools).tools?.length).toBeGreaterThan(0);
    // Each variant is kept: the one without tools added entries, and sending it again adds none.
    const bothKept = cache.size;
    expect(bothKept).toBeGreaterThan(withToolsKept);
    expect(sent(noTools).tools).toBeUndefined();
    expect(cache.size).toBe(bothKept);
  });
});
