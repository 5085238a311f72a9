import type { Redis } from 'ioredis';

export type LimitDecision = { ok: true } | { ok: false; retryAfterSeconds: number; limit: 'rpm' | 'tpm' };

export interface KeyLimits {
  id: string;
  rpm_limit: number | null;
  tpm_limit: number | null;
}

/**
 * Requests-per-minute and tokens-per-minute per key, in fixed one-minute windows: a burst against a
 * limit of N gets exactly N through. In memory per instance, or cluster-wide in Redis (`redis_url`).
 */
export interface RateLimiter {
  /** Counts one request against the key's limits; refuses when either is used up. */
  admit(key: KeyLimits, now?: number): Promise<LimitDecision>;
  /** Adds the tokens an answer used to the key's current window. */
  addTokens(keyId: string, tokens: number, now?: number): Promise<void>;
  close(): Promise<void>;
}

const WINDOW_MS = 60_000;
const windowOf = (now: number) => Math.floor(now / WINDOW_MS);
const secondsLeft = (now: number) => Math.max(1, Math.ceil(((windowOf(now) + 1) * WINDOW_MS - now) / 1000));

export function createMemoryRateLimiter(): RateLimiter {
  const windows = new Map<string, { window: number; requests: number; tokens: number }>();
  const current = (keyId: string, now: number) => {
    const window = windowOf(now);
    let entry = windows.get(keyId);
    if (!entry || entry.window !== window) {
      entry = { window, requests: 0, tokens: 0 };
      windows.set(keyId, entry);
    }
    return entry;
  };
  return {
    async admit(key, now = Date.now()) {
      if (key.rpm_limit === null && key.tpm_limit === null) return { ok: true };
      const entry = current(key.id, now);
      if (key.tpm_limit !== null && entry.tokens >= key.tpm_limit) {
        return { ok: false, retryAfterSeconds: secondsLeft(now), limit: 'tpm' };
      }
      if (key.rpm_limit !== null && entry.requests >= key.rpm_limit) {
        return { ok: false, retryAfterSeconds: secondsLeft(now), limit: 'rpm' };
      }
      entry.requests += 1;
      return { ok: true };
    },
    async addTokens(keyId, tokens, now = Date.now()) {
      current(keyId, now).tokens += tokens;
    },
    async close() {
      windows.clear();
    },
  };
}

// One round trip: read the token window, then count the request only if both limits allow it.
const ADMIT_SCRIPT = `
local tokens = tonumber(redis.call('GET', KEYS[2]) or '0')
local tpm = tonumber(ARGV[2])
if tpm >= 0 and tokens >= tpm then return -2 end
local rpm = tonumber(ARGV[1])
local requests = tonumber(redis.call('GET', KEYS[1]) or '0')
if rpm >= 0 and requests >= rpm then return -1 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return requests + 1
`;

const ADD_TOKENS_SCRIPT = `
redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
`;

/**
 * `onOutage` hears about Redis failures: the limiter then lets requests through rather than turn a
 * cache outage into an outage of the gateway.
 */
export function createRedisRateLimiter(
  redis: Redis,
  onOutage: (error: unknown) => void = () => {},
): RateLimiter {
  const keys = (keyId: string, now: number) => {
    const window = windowOf(now);
    return [`aurora:rl:${keyId}:${window}:rpm`, `aurora:rl:${keyId}:${window}:tpm`] as const;
  };
  return {
    async admit(key, now = Date.now()) {
      if (key.rpm_limit === null && key.tpm_limit === null) return { ok: true };
      const [rpmKey, tpmKey] = keys(key.id, now);
      let result: number;
      try {
        result = (await redis.eval(
          ADMIT_SCRIPT,
          2,
          rpmKey,
          tpmKey,
          key.rpm_limit ?? -1,
          key.tpm_limit ?? -1,
          2 * WINDOW_MS,
        )) as number;
      } catch (error) {
        onOutage(error);
        return { ok: true };
      }
      if (result === -2) return { ok: false, retryAfterSeconds: secondsLeft(now), limit: 'tpm' };
      if (result === -1) return { ok: false, retryAfterSeconds: secondsLeft(now), limit: 'rpm' };
      return { ok: true };
    },
    async addTokens(keyId, tokens, now = Date.now()) {
      const [, tpmKey] = keys(keyId, now);
      try {
        await redis.eval(ADD_TOKENS_SCRIPT, 1, tpmKey, tokens, 2 * WINDOW_MS);
      } catch (error) {
        onOutage(error);
      }
    },
    async close() {
      await redis.quit();
    },
  };
}
