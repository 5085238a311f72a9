import { describe, expect, it } from 'vitest';
import { stableUserId } from './user-id.js';

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
