import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { countRequestTokens, countTextTokens, estimateRequestTokens } from './count-tokens.js';
import { MAX_RUN, SLICE_CHARS, textSlices } from './text-slices.js';

const text = 'The quick brown fox jumps over the lazy dog. '.repeat(200);
const request = {
  model: 'm',
  system: 'You are a careful engineer.',
  messages: [{ role: 'user' as const, content: text }],
};

describe('token counts', () => {
  it('counts system, tools and messages with a real tokenizer', async () => {
    const bare = await countRequestTokens(request);
    expect(bare).toBeGreaterThan(1_800);
    expect(bare).toBeLessThan(2_200);
    const withTools = await countRequestTokens({
      ...request,
      tools: [
        {
          name: 'Bash',
          description: 'Run a command',
          input_schema: { type: 'object', properties: { command: { type: 'string' } } },
        },
      ],
    });
    expect(withTools).toBeGreaterThan(bare + 10);
  });

  it('estimates from the body size without under-counting text, and prices images by count', async () => {
    const body = JSON.stringify(request);
    const estimate = estimateRequestTokens(request, body.length);
    const counted = await countRequestTokens(request);
    expect(estimate).toBeGreaterThanOrEqual(counted);
    expect(estimate).toBeLessThan(counted * 1.5);

    const image = {
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(400_000) },
    };
    const withImage = {
      ...request,
      messages: [{ role: 'user' as const, content: [image, { type: 'text', text: 'what is this?' }] }],
    };
    const imageEstimate = estimateRequestTokens(withImage as never, JSON.stringify(withImage).length);
    expect(imageEstimate).toBeLessThan(2_000);
    expect(imageEstimate).toBeGreaterThanOrEqual(1_600);
  });
});

describe('text slices for the tokenizer', () => {
  const samples = {
    'a run of one letter': 'a'.repeat(5_000),
    'blank lines': '\n'.repeat(3_000),
    'a run of punctuation': `x = ${'!'.repeat(1_000)};`,
    'prose and code': `${text}\nfunction f(a, b) {\n  return a + b; // sum\n}\n`.repeat(40),
    'astral letters': '𝒜'.repeat(700),
  };

  it.each(Object.entries(samples))('cut %s into pieces that join back to it', (_name, sample) => {
    const slices = [...textSlices(sample)];
    expect(slices.join('')).toBe(sample);
    expect(slices.every((slice) => slice.length <= SLICE_CHARS + 1_024)).toBe(true);
  });

  it.each(Object.entries(samples))('count %s within 2% of the whole-text count', async (_name, sample) => {
    const whole = countTokens(sample);
    const sliced = await countTextTokens(sample);
    expect(Math.abs(sliced - whole)).toBeLessThanOrEqual(Math.max(2, whole * 0.02));
  });

  it('never leaves a run of one character longer than the run limit in a slice', () => {
    const slices = [...textSlices(`intro ${'a'.repeat(10_000)} ${' '.repeat(1_000)}end`)];
    for (const slice of slices) expect(slice).not.toMatch(new RegExp(`(.)\\1{${MAX_RUN},}`, 's'));
  });

  it('estimates the rest of the text from its length once the deadline has passed', async () => {
    const long = 'word '.repeat(40_000);
    const estimated = await countTextTokens(long, { sliceMs: 10, deadlineMs: -1 });
    expect(estimated).toBe(Math.ceil(long.length / 4));
    expect(await countTextTokens(long)).toBe(countTokens(long));
  });
});
