// `npx tsx bench/cold-bodies.ts`: the /v1/messages request side (ingress from the body's bytes, then
// the translated upstream body as bytes) on bodies no earlier request shares, 50 KB to 4 MB, CPU µs
// as a multiple of one JSON.parse of the same body: from scratch (whole-body decode and parse, whole
// translation, UTF-8) and with turns reused against one shared cache (each body new to it, as a
// stream of fresh conversations).
// BENCH_SIZES=1000000,4000000 picks the sizes. Run it as `node --expose-gc --import tsx
// bench/cold-bodies.ts` to have each phase start after a full GC (making the bodies is garbage too).

import { anthropicMessagesRequestSchema } from '@aurora/translate';
import { parseJsonBody } from '../src/http/json-body.js';
import { parseMessagesBody } from '../src/http/messages-body.js';
import { RequestBody } from '../src/http/request-body.js';
import type { AnthropicClientRequest } from '../src/providers/codec.js';
import { anthropicClientOpenAIUpstream } from '../src/providers/codecs/anthropic-client-openai-upstream.js';
import { TurnCache } from '../src/providers/codecs/turn-cache.js';
import { testCodecTarget } from '../src/providers/test-targets.js';
import { coldRequest } from './claude-code-session.js';

const openai = testCodecTarget('openai');
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const request = (
  text: string,
  body: AnthropicClientRequest['body'],
  turns?: AnthropicClientRequest['turns'],
) =>
  ({
    protocol: 'anthropic',
    body,
    raw: body,
    sent: { text },
    turns,
    clientHeaders: {},
    estimatedInputTokens: 0,
    dropped: [],
  }) as AnthropicClientRequest;
let salt = 0;
const fresh = (bytes: number, count: number) =>
  Array.from({ length: count }, () => JSON.stringify(coldRequest('claude-sonnet-4-5', bytes, `s${salt++}x`)));

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const cache = new TurnCache(Number(process.env.BENCH_CACHE_BYTES ?? 64 * 1024 * 1024));
const sizes = (process.env.BENCH_SIZES ?? '50000,200000,1000000,4000000').split(',').map(Number);
for (const bytes of sizes) {
  const count = Math.max(4, Math.round(8_000_000 / bytes));
  const parse: number[] = [];
  const scratch: number[] = [];
  const reused: number[] = [];
  for (let round = 0; round < 7; round++) {
    const texts = fresh(bytes, 3 * count);
    const sent = texts.map((text) => Buffer.from(text));
    gc();
    let at = cpu();
    for (const text of texts.slice(0, count)) JSON.parse(text);
    parse.push((cpu() - at) / count);
    gc();
    at = cpu();
    for (const bytes of sent.slice(count, 2 * count)) {
      const text = new RequestBody(bytes).text;
      const { data } = parseJsonBody(text, anthropicMessagesRequestSchema);
      Buffer.from(anthropicClientOpenAIUpstream.upstreamBody(request(text, data), openai) as string);
    }
    scratch.push((cpu() - at) / count);
    gc();
    at = cpu();
    for (const bytes of sent.slice(2 * count)) {
      const body = new RequestBody(bytes);
      const { data, texts, longStrings } = parseMessagesBody(body, cache, 'key:1');
      const turns = texts && { store: cache.translated, scope: 'key:1', texts, longStrings };
      anthropicClientOpenAIUpstream.upstreamBody(request(body.text, data, turns), openai);
    }
    reused.push((cpu() - at) / count);
  }
  const unit = median(parse);
  console.log(
    `${String(bytes).padStart(8)} B: parse ${unit.toFixed(0)} µs; from scratch ${(median(scratch) / unit).toFixed(2)}×, turns reused (cold) ${(median(reused) / unit).toFixed(2)}×`,
  );
}
