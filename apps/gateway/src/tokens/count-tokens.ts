import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type CountTokensRequest, tokenCountInput } from '@aurora/translate';
import { textSlices } from './text-slices.js';

// Images are not text; Anthropic bills roughly width×height/750 tokens, and Claude Code's
// screenshots land near this figure.
const TOKENS_PER_IMAGE = 1_600;
// Role markers and separators per message, as chat formats add them.
const TOKENS_PER_MESSAGE = 4;
// The same ratio the hot path's estimate uses.
const CHARS_PER_TOKEN = 4;

export interface CountBudget {
  /** Work done between two yields to the event loop, so other requests are served meanwhile. */
  sliceMs: number;
  /** Past this, the text not yet counted is estimated from its length. */
  deadlineMs: number;
}

const defaultBudget: CountBudget = { sliceMs: 4, deadlineMs: 2_000 };

// The o200k tables take ~60 MB of memory once loaded: only a gateway that counts tokens itself
// (count_tokens for an OpenAI-kind provider) pays for them, from its first count on (~0.1 s to load).
let tokenizer: Promise<(text: string) => number> | undefined;
const loadTokenizer = () =>
  (tokenizer ??= import('gpt-tokenizer/encoding/o200k_base').then((module) => module.countTokens));

// One count runs at a time: concurrent counts each yielding after `sliceMs` would still add up to
// many slices per turn of the event loop.
let tokenizerQueue: Promise<unknown> = Promise.resolve();

/**
 * o200k tokens of `text`, counted slice by slice (linear whatever the text) with one count at a
 * time, yielding to the event loop every `sliceMs`; once `deadlineMs` has passed since the call
 * (waiting included), what is left is estimated from its length.
 */
export function countTextTokens(text: string, budget: CountBudget = defaultBudget): Promise<number> {
  const asked = performance.now();
  const count = async () => {
    const countTokens = await loadTokenizer();
    let sliceStarted = performance.now();
    let tokens = 0;
    let counted = 0;
    for (const slice of textSlices(text)) {
      const now = performance.now();
      if (now - asked > budget.deadlineMs) {
        return tokens + Math.ceil((text.length - counted) / CHARS_PER_TOKEN);
      }
      if (now - sliceStarted > budget.sliceMs) {
        await nextTurn();
        sliceStarted = performance.now();
      }
      tokens += countTokens(slice);
      counted += slice.length;
    }
    return tokens;
  };
  const job = tokenizerQueue.then(count);
  tokenizerQueue = job.catch(() => {});
  return job;
}

/**
 * `count_tokens` for OpenAI-kind providers: a real BPE tokenizer (o200k) over system, tools and
 * messages, as Claude Code's `/context` expects. Not the provider's own tokenizer, but within a few percent for code and English.
 */
export async function countRequestTokens(request: CountTokensRequest, budget?: CountBudget): Promise<number> {
  const { text, images } = tokenCountInput(request);
  return (
    (await countTextTokens(text, budget)) +
    images * TOKENS_PER_IMAGE +
    request.messages.length * TOKENS_PER_MESSAGE
  );
}

// Claude Code counts the same conversation again and again (a burst of dozens at IDE start-up, the
// /context command): a BPE pass over 200k tokens takes ~25 ms, a digest of the body well under 1 ms.
const counted = new Map<string, number>();
const COUNTED_LIMIT = 512;

/** `countRequestTokens`, remembered by a digest of the request body. */
export async function countTokensOnce(body: string, request: CountTokensRequest): Promise<number> {
  const digest = createHash('sha1').update(body).digest('base64');
  const known = counted.get(digest);
  if (known !== undefined) return known;
  const tokens = await countRequestTokens(request);
  if (counted.size >= COUNTED_LIMIT) counted.delete(counted.keys().next().value as string);
  counted.set(digest, tokens);
  return tokens;
}

type ContentBlock = { type: string; source?: { type?: string; data?: unknown }; content?: unknown };

/** Characters of base64 payloads (images, PDFs) in a list of blocks, and how many there are. */
function binaryPayloads(blocks: unknown, acc: { chars: number; count: number }): void {
  if (!Array.isArray(blocks)) return;
  for (const block of blocks as ContentBlock[]) {
    if (block.source?.type === 'base64' && typeof block.source.data === 'string') {
      acc.chars += block.source.data.length;
      acc.count += 1;
    } else if (block.type === 'tool_result') {
      binaryPayloads(block.content, acc);
    }
  }
}

/**
 * The hot path's estimate (message_start usage, context-window clamp), from the size of the JSON
 * body: a quarter of its characters, not counting base64 payloads, which are priced per image. It
 * errs high (JSON punctuation counts too) and costs no pass over the prompt's text.
 */
export function estimateRequestTokens(request: CountTokensRequest, bodyChars: number): number {
  const payloads = { chars: 0, count: 0 };
  binaryPayloads(request.system, payloads);
  for (const message of request.messages) binaryPayloads(message.content, payloads);
  return Math.ceil(Math.max(0, bodyChars - payloads.chars) / 4) + payloads.count * TOKENS_PER_IMAGE;
}
