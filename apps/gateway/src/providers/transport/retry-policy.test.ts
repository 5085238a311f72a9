import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  defaultRetryPolicy,
  isRetryableError,
  isRetryableStatus,
  nextRetryDelayMs,
  retryAfterMs,
} from './retry-policy.js';
import { UpstreamError, type UpstreamErrorKind } from './upstream-error.js';

const policy = defaultRetryPolicy;

describe('isRetryableStatus', () => {
  it.each([408, 409, 429, 500, 502, 503, 504, 529])('retries %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([200, 400, 401, 403, 404, 413, 422, 501])('does not retry %i', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('isRetryableError', () => {
  it.each<[UpstreamErrorKind, boolean]>([
    ['connect', true],
    ['first_byte_timeout', true],
    ['idle_timeout', false],
    ['aborted', false],
    ['protocol', false],
  ])('%s → %s', (kind, retryable) => {
    expect(isRetryableError(new UpstreamError(kind, 'x'))).toBe(retryable);
  });
});

describe('backoffDelayMs', () => {
  it('doubles the window after each failure, waiting between half of it and all of it', () => {
    expect([1, 2, 3].map((failed) => backoffDelayMs(failed, policy, () => 0))).toEqual([125, 250, 500]);
    expect([1, 2, 3].map((failed) => backoffDelayMs(failed, policy, () => 1))).toEqual([250, 500, 1000]);
    expect(backoffDelayMs(2, policy, () => 0.5)).toBe(375);
  });

  it('never waits longer than maxDelayMs', () => {
    expect(backoffDelayMs(10, policy, () => 1)).toBe(8_000);
    expect(backoffDelayMs(10, policy, () => 0)).toBe(4_000);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads seconds', () => {
    expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3_000);
    expect(retryAfterMs({ 'retry-after': '0' }, now)).toBe(0);
  });

  it('reads an HTTP date relative to now, never below zero', () => {
    expect(retryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }, now)).toBe(5_000);
    expect(retryAfterMs({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, now)).toBe(0);
  });

  it('prefers retry-after-ms, which is more precise', () => {
    expect(retryAfterMs({ 'retry-after-ms': '1500.5', 'retry-after': '2' }, now)).toBe(1_501);
  });

  it('ignores absent, negative or unreadable values', () => {
    expect(retryAfterMs({}, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '-1' }, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after-ms': 'later', 'retry-after': '1' }, now)).toBe(1_000);
  });
});

describe('nextRetryDelayMs', () => {
  const half = () => 0.5;

  it('backs off while attempts remain', () => {
    expect(nextRetryDelayMs({ failedAttempts: 1, elapsedMs: 0, retryAfterMs: undefined }, policy, half)).toBe(
      188,
    );
    expect(nextRetryDelayMs({ failedAttempts: 2, elapsedMs: 0, retryAfterMs: undefined }, policy, half)).toBe(
      375,
    );
  });

  it('stops once maxAttempts requests were made', () => {
    expect(
      nextRetryDelayMs({ failedAttempts: 3, elapsedMs: 0, retryAfterMs: undefined }, policy, half),
    ).toBeUndefined();
  });

  it('waits what the upstream asked for, even beyond maxDelayMs, when it fits the budget', () => {
    expect(
      nextRetryDelayMs({ failedAttempts: 1, elapsedMs: 1_000, retryAfterMs: 20_000 }, policy, half),
    ).toBe(20_000);
  });

  it('gives up rather than wait past maxElapsedMs', () => {
    expect(
      nextRetryDelayMs({ failedAttempts: 1, elapsedMs: 0, retryAfterMs: 31_000 }, policy, half),
    ).toBeUndefined();
    expect(
      nextRetryDelayMs({ failedAttempts: 1, elapsedMs: 29_900, retryAfterMs: undefined }, policy, half),
    ).toBeUndefined();
  });
});
