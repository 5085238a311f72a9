import { monthUtc } from '@aurora/db';
import type { Redis } from 'ioredis';
import {
  admitted,
  hasLimits,
  type LimitDecision,
  nothingReserved,
  type RateLimiter,
  secondsLeft,
  WINDOW_MS,
  windowOf,
} from './rate-limiter.js';
import { budgetRefusal } from './spend-tracker.js';

// One round trip, atomic: the month's counters start from what the request logs know (SET NX); the
// budget, then the minute's tokens, then its requests are checked; only if all have room is the
// request counted and its estimate reserved. -1: rpm, -2: tpm, -3: budget (with the month's counts).
const ADMIT_SCRIPT = `
local rpm, tpm = tonumber(ARGV[1]), tonumber(ARGV[2])
local budget_tokens, budget_usd = tonumber(ARGV[3]), tonumber(ARGV[4])
local monthly = budget_tokens >= 0 or budget_usd >= 0
if monthly then
  redis.call('SET', KEYS[3], ARGV[7], 'NX', 'PX', ARGV[10])
  redis.call('SET', KEYS[4], ARGV[8], 'NX', 'PX', ARGV[10])
  local used_tokens = tonumber(redis.call('GET', KEYS[3]))
  local used_usd = tonumber(redis.call('GET', KEYS[4]))
  if (budget_tokens >= 0 and used_tokens >= budget_tokens) or (budget_usd >= 0 and used_usd >= budget_usd) then
    return {-3, tostring(used_tokens), tostring(used_usd)}
  end
end
if tpm >= 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= tpm then return {-2} end
if rpm >= 0 and tonumber(redis.call('GET', KEYS[1]) or '0') >= rpm then return {-1} end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[9])
redis.call('INCRBY', KEYS[2], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[9])
if monthly then
  redis.call('INCRBY', KEYS[3], ARGV[5])
  redis.call('INCRBYFLOAT', KEYS[4], ARGV[6])
end
return {1}
`;

// Replaces a reservation by the real use in counters that still exist (an expired one stays gone).
const SETTLE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCRBY', KEYS[1], ARGV[1]) end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('INCRBY', KEYS[2], ARGV[1]) end
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('INCRBYFLOAT', KEYS[3], ARGV[2]) end
`;

type AdmitReply = [number, string?, string?];

/** What the limiter reports about Redis: each failed command, for the outage policy around it. */
export type RedisFailure = (error: unknown) => void;

/**
 * Cluster-wide limits and budgets in Redis: every instance admits against the same minute and month
 * counters. Commands that fail reject; `createGuardedRateLimiter` decides what a request gets then.
 */
export function createRedisRateLimiter(redis: Redis, onSettleFailure: RedisFailure): RateLimiter {
  return {
    async admit({ key, estimate, spent, now = Date.now() }): Promise<LimitDecision> {
      if (!hasLimits(key)) return { ok: true, reservation: nothingReserved };
      const window = windowOf(now);
      const month = monthUtc(new Date(now));
      const monthTtlMs = month.to.getTime() - now + 24 * 3_600_000;
      const keys = [
        `aurora:rl:${key.id}:${window}:rpm`,
        `aurora:rl:${key.id}:${window}:tpm`,
        `aurora:budget:${key.id}:${month.from.getTime()}:tokens`,
        `aurora:budget:${key.id}:${month.from.getTime()}:usd`,
      ];
      const tokens = Math.ceil(estimate.tokens);
      const [result, usedTokens, usedUsd] = (await redis.eval(
        ADMIT_SCRIPT,
        keys.length,
        ...keys,
        key.rpm_limit ?? -1,
        key.tpm_limit ?? -1,
        key.budget_tokens ?? -1,
        key.budget_usd ?? -1,
        tokens,
        estimate.usd,
        Math.round(spent.spend_tokens),
        spent.spend_usd,
        2 * WINDOW_MS,
        monthTtlMs,
      )) as AdmitReply;
      if (result === -1) return { ok: false, retryAfterSeconds: secondsLeft(now), limit: 'rpm' };
      if (result === -2) return { ok: false, retryAfterSeconds: secondsLeft(now), limit: 'tpm' };
      if (result === -3) {
        const message = budgetRefusal(
          key,
          { spend_tokens: Number(usedTokens), spend_usd: Number(usedUsd) },
          new Date(now),
        );
        return { ok: false, limit: 'budget', message: message ?? 'This API key has used its monthly budget' };
      }
      return admitted((used) => {
        const tokenDelta = Math.ceil(used.tokens) - tokens;
        const usdDelta = used.usd - estimate.usd;
        if (tokenDelta === 0 && usdDelta === 0) return;
        redis
          .eval(SETTLE_SCRIPT, 3, keys[1]!, keys[2]!, keys[3]!, tokenDelta, usdDelta)
          .catch(onSettleFailure);
      });
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
