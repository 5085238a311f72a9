import { describe, expect, it } from 'vitest';
import { expiryFrom } from './duration.js';

describe('expiryFrom', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('reads durations in minutes, hours, days and weeks', () => {
    expect(expiryFrom('30d', now)).toBe('2026-12-25T12:00:00.000Z');
    expect(expiryFrom('12h', now)).toBe('2026-11-26T00:00:00.000Z');
    expect(expiryFrom('2w', now)).toBe('2026-12-09T12:00:00.000Z');
    expect(expiryFrom('90m', now)).toBe('2026-11-25T13:30:00.000Z');
  });
  it('reads dates, and refuses anything else with the expected forms', () => {
    expect(expiryFrom('2027-01-31', now)).toBe('2027-01-31T00:00:00.000Z');
    expect(() => expiryFrom('soon', now)).toThrow(/30d.*2027-01-31/);
  });
});
