import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay.js';

describe('retryDelayMs', () => {
  it('doubles from the base after each failure and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, 100, 1_000))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('waits the cap when nothing failed, and never overflows after many failures', () => {
    expect(retryDelayMs(0, 100, 1_000)).toBe(1_000);
    expect(retryDelayMs(10_000, 100, 1_000)).toBe(1_000);
  });
});
