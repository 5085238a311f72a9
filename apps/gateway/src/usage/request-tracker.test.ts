import type { ModelAlias } from '@aurora/db';
import { describe, expect, it } from 'vitest';
import { costOf } from './request-tracker.js';

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
    expect(
      costOf({ ...priced(2, 10), cached_input_price_per_mtok: null } as ModelAlias, 1_000_000, 0, 900_000),
    ).toBeCloseTo(2, 10);
  });

  it('has no cost for an alias without prices or without an alias', () => {
    expect(costOf(priced(null, null), 1_000, 1_000)).toBeNull();
    expect(costOf(undefined, 1_000, 1_000)).toBeNull();
  });
});
