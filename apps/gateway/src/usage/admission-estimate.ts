import type { ModelAlias } from '@aurora/db';
import type { TokenCost } from './rate-limiter.js';

/** What a request asks for that bounds its use: the body's size and its output cap, if any. */
export interface EstimateInput {
  bodyChars: number;
  maxOutputTokens: number | null | undefined;
}

/** USD for an answer at the alias's prices per million tokens; null when the alias has no price. */
export function costOf(
  alias: ModelAlias | undefined,
  input: number,
  output: number,
  /** The part of `input` read from the provider's cache, charged at the cached price when there is one. */
  cached = 0,
): number | null {
  if (!alias || (alias.input_price_per_mtok === null && alias.output_price_per_mtok === null)) return null;
  const inputPrice = alias.input_price_per_mtok ?? 0;
  const cachedPrice = alias.cached_input_price_per_mtok ?? inputPrice;
  return (
    ((input - cached) * inputPrice + cached * cachedPrice + output * (alias.output_price_per_mtok ?? 0)) /
    1_000_000
  );
}

// A request that names no output cap, on an alias that sets none, is reserved this much output.
const DEFAULT_OUTPUT_RESERVATION = 4_096;

/**
 * The most a request is expected to use, reserved at admission: a quarter of the body's characters
 * for input (it errs high: JSON punctuation counts too) and the output cap the alias will send
 * upstream. Concurrent requests overshoot a limit by at most one such estimate.
 */
export function estimateAdmission(alias: ModelAlias | undefined, request: EstimateInput): TokenCost {
  const input = Math.ceil(request.bodyChars / 4);
  const cap = alias?.max_output_tokens ?? null;
  const asked = request.maxOutputTokens ?? cap ?? DEFAULT_OUTPUT_RESERVATION;
  const output = cap === null ? asked : Math.min(asked, cap);
  return { tokens: input + output, usd: costOf(alias, input, output) ?? 0 };
}
