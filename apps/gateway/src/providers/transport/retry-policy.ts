import type { UpstreamError } from './upstream-error.js';

export interface RetryPolicy {
  /** Upstream requests in all, the first one included. */
  maxAttempts: number;
  /** No retry starts later than this after the first attempt began. */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  maxElapsedMs: 30_000,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
};

/** 408/409/429 and 5xx are transient; 501 says the upstream will never do it. */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 409 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501;
}

/** Only failures that certainly happened before the upstream produced anything are worth repeating. */
export function isRetryableError(error: UpstreamError): boolean {
  return error.kind === 'connect' || error.kind === 'first_byte_timeout';
}

/**
 * Exponential backoff with "equal jitter": half of the window is fixed so that a retry always waits,
 * half is random so that callers failing together spread out.
 */
export function backoffDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
  return Math.round(window / 2 + (random() * window) / 2);
}

/** How long the upstream asked us to wait: `retry-after-ms` (OpenAI, Azure), else `retry-after`. */
export function retryAfterMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const milliseconds = headers['retry-after-ms']?.trim();
  if (milliseconds && /^\d+(\.\d+)?$/.test(milliseconds)) return Math.ceil(Number(milliseconds));
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only an HTTP date (it names a weekday and a month): Date.parse would also accept "-1" as a year.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export interface RetryState {
  failedAttempts: number;
  elapsedMs: number;
  retryAfterMs: number | undefined;
}

/**
 * The wait before the next attempt, or undefined when there is none: attempts are used up, or the wait
 * (the upstream's `retry-after` when it gave one) would end past the time budget.
 */
export function nextRetryDelayMs(
  state: RetryState,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (state.failedAttempts >= policy.maxAttempts) return undefined;
  const delay = state.retryAfterMs ?? backoffDelayMs(state.failedAttempts, policy, random);
  return state.elapsedMs + delay <= policy.maxElapsedMs ? delay : undefined;
}
