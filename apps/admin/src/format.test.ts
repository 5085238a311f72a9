import { describe, expect, it } from 'vitest';
import { formatCompact, formatMs, formatRelative, formatUsd } from './format';

describe('format', () => {
  it('shows fractions of a cent with more digits', () => {
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(null)).toBe('—');
  });

  it('switches latency to seconds past ten seconds', () => {
    expect(formatMs(412.4)).toBe('412 ms');
    expect(formatMs(12_345)).toBe('12.3 s');
  });

  it('abbreviates large counts', () => {
    expect(formatCompact(1_250_000)).toBe('1.3M');
  });

  it('describes times relative to now', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(formatRelative('2026-03-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2026-03-12T12:00:00Z', now)).toBe('in 2 days');
    expect(formatRelative('2026-03-10T11:59:30Z', now)).toBe('just now');
    expect(formatRelative(null, now)).toBe('never');
  });
});
