import type { ModelAlias } from '@aurora/db';
import { describe, expect, it } from 'vitest';
import { costOf, estimateAdmission } from './admission-estimate.js';

const alias = (fields: Partial<ModelAlias>) =>
  ({
    max_output_tokens: null,
    input_price_per_mtok: null,
    output_price_per_mtok: null,
    ...fields,
  }) as ModelAlias;

describe('estimateAdmission', () => {
  it('reserves a quarter of the body for input and the requested output cap', () => {
    expect(estimateAdmission(alias({}), { bodyChars: 400, maxOutputTokens: 16 })).toEqual({
      tokens: 116,
      usd: 0,
    });
  });

  it("caps the output at the alias's max_output_tokens, and falls back to it when none is asked", () => {
    const capped = alias({ max_output_tokens: 1_000 });
    expect(estimateAdmission(capped, { bodyChars: 0, maxOutputTokens: 64_000 }).tokens).toBe(1_000);
    expect(estimateAdmission(capped, { bodyChars: 0, maxOutputTokens: undefined }).tokens).toBe(1_000);
    expect(estimateAdmission(undefined, { bodyChars: 0, maxOutputTokens: null }).tokens).toBe(4_096);
  });

  it("prices the reservation at the alias's prices", () => {
    const priced = alias({ input_price_per_mtok: 1_000, output_price_per_mtok: 2_000 });
    expect(estimateAdmission(priced, { bodyChars: 40, maxOutputTokens: 10 }).usd).toBeCloseTo(0.03, 10);
  });
});

const priced = (input: number | null, output: number | null) =>
  ({ input_price_per_mtok: input, output_price_per_mtok: output }) as ModelAlias;

describe('costOf', () => {
  it('prices input and output per million tokens', () => {
    expect(costOf(priced(0.27, 1.1), 1_000_000, 500_000)).toBeCloseTo(0.27 + 0.55, 10);
    expect(costOf(priced(3, null), 2_000, 1_000)).toBeCloseTo(0.006, 10);
  });

  it('charges cache reads at the cached price, or at the input price when the alias has none', () => {
    const cachedPriced = { ...priced(2, 10), cached_input_price_per_mtok: 0.2 } as ModelAlias;
    // 1M prompt tokens of which 900k came from the cache, 100k output tokens.
    expect(costOf(cachedPriced, 1_000_000, 100_000, 900_000)).toBeCloseTo(0.2 + 0.18 + 1, 10);
    const noCachedPrice = { ...priced(2, 10), cached_input_price_per_mtok: null } as ModelAlias;
    expect(costOf(noCachedPrice, 1_000_000, 0, 900_000)).toBeCloseTo(2, 10);
  });

  it('has no cost for an alias without prices or without an alias', () => {
    expect(costOf(priced(null, null), 1_000, 1_000)).toBeNull();
    expect(costOf(undefined, 1_000, 1_000)).toBeNull();
  });
});
