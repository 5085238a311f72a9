import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.js';
import { stableUserId } from './user-id.js';

describe('sha256Hex', () => {
  it('matches node:crypto for any string, including block-boundary lengths', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const s = 'x'.repeat(n);
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s).digest('hex'));
    }
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        (s) => sha256Hex(s) === createHash('sha256').update(s).digest('hex'),
      ),
    );
  });
});

describe('stableUserId', () => {
  it('is at most 64 characters and the same across sessions of one Claude Code user', () => {
    const a = stableUserId(
      JSON.stringify({ device_id: 'd'.repeat(64), account_uuid: 'acc', session_id: 's1' }),
    );
    const b = stableUserId(
      JSON.stringify({ device_id: 'd'.repeat(64), account_uuid: 'acc', session_id: 's2' }),
    );
    const other = stableUserId(
      JSON.stringify({ device_id: 'e'.repeat(64), account_uuid: 'acc', session_id: 's1' }),
    );
    expect(a).toBe(b);
    expect(a).not.toBe(other);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(stableUserId('user_abc_account__session_x').length).toBeLessThanOrEqual(64);
  });
});
