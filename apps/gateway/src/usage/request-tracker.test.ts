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

  it('has no cost for an alias without prices or without an alias', () => {
    expect(costOf(priced(null, null), 1_000, 1_000)).toBeNull();
    expect(costOf(undefined, 1_000, 1_000)).toBeNull();
  });
});
