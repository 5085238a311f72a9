import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createGuardedRateLimiter } from './guarded-rate-limiter.js';
import { createMetrics } from './metrics.js';
import { createMemoryRateLimiter, type KeyLimits, type RateLimiter } from './rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';

// Database 9 keeps these counters away from anything else on the shared server; key ids are random.
const redisUrl = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379/9';

async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000 });
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const limiters: [string, () => RateLimiter][] = [['memory', createMemoryRateLimiter]];
if (await redisAvailable()) {
  limiters.push([
    'redis',
    () =>
      createRedisRateLimiter(new Redis(redisUrl), (error) => {
        throw error;
      }),
  ]);
}

const limits = (fields: Partial<KeyLimits>): KeyLimits => ({
  id: randomUUID(),
  rpm_limit: null,
  tpm_limit: null,
  budget_tokens: null,
  budget_usd: null,
  ...fields,
});
const nothingSpent = { spend_tokens: 0, spend_usd: 0 };
const small = { tokens: 10, usd: 0 };

describe.each(limiters)('%s rate limiter', (_name, create) => {
  const limiter = create();
  afterAll(() => limiter.close());
  const minuteStart = Math.floor(Date.now() / 60_000) * 60_000 + 60_000;
  const admit = (key: KeyLimits, now?: number, estimate = small, spent = nothingSpent) =>
    limiter.admit({ key, estimate, spent, now });

  it('lets exactly N requests of a concurrent burst through a limit of N per minute', async () => {
    const key = limits({ rpm_limit: 5 });
    const decisions = await Promise.all(Array.from({ length: 12 }, () => admit(key, minuteStart + 1_000)));
    expect(decisions.filter((d) => d.ok)).toHaveLength(5);
    const refused = decisions.find((d) => !d.ok);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 59, limit: 'rpm' });
  });

  it('opens again in the next minute', async () => {
    const key = limits({ rpm_limit: 1 });
    expect((await admit(key, minuteStart)).ok).toBe(true);
    expect((await admit(key, minuteStart + 59_000)).ok).toBe(false);
    expect((await admit(key, minuteStart + 60_000)).ok).toBe(true);
  });

  it("reserves each request's estimate against the minute's tokens, so a burst stops at the limit", async () => {
    const key = limits({ tpm_limit: 1_000 });
    const decisions = await Promise.all(
      Array.from({ length: 30 }, () => admit(key, minuteStart, { tokens: 100, usd: 0 })),
    );
    expect(decisions.filter((d) => d.ok)).toHaveLength(10);
    expect(decisions.find((d) => !d.ok)).toEqual({ ok: false, retryAfterSeconds: 60, limit: 'tpm' });
  });

  it('gives back what an answer did not use when it settles, and counts what it used beyond', async () => {
    const key = limits({ tpm_limit: 1_000 });
    const first = await admit(key, minuteStart, { tokens: 900, usd: 0 });
    expect(first.ok).toBe(true);
    expect((await admit(key, minuteStart + 1, { tokens: 200, usd: 0 })).ok).toBe(true);
    expect((await admit(key, minuteStart + 2)).ok).toBe(false);
    if (first.ok) first.reservation.settle({ tokens: 100, usd: 0 });
    await expect.poll(async () => (await admit(key, minuteStart + 3)).ok).toBe(true);
  });

  it('keeps concurrent requests within a monthly token budget, over by at most one estimate', async () => {
    const key = limits({ budget_tokens: 500 });
    const decisions = await Promise.all(
      Array.from({ length: 40 }, () => admit(key, minuteStart, { tokens: 50, usd: 0 })),
    );
    expect(decisions.filter((d) => d.ok)).toHaveLength(10);
    const refused = decisions.find((d) => !d.ok);
    expect(refused).toMatchObject({ ok: false, limit: 'budget' });
    expect((refused as { message: string }).message).toMatch(/monthly budget of 500 tokens \(500 used\)/);
  });

  it('counts the spend the request logs already know this month, and a dollar budget too', async () => {
    const key = limits({ budget_usd: 1 });
    const spent = { spend_tokens: 0, spend_usd: 0.95 };
    const decisions = await Promise.all(
      Array.from({ length: 5 }, () => admit(key, minuteStart, { tokens: 10, usd: 0.02 }, spent)),
    );
    expect(decisions.filter((d) => d.ok)).toHaveLength(3);
    expect(decisions.find((d) => !d.ok)).toMatchObject({ limit: 'budget' });
  });

  it('never limits a key without limits', async () => {
    const key = limits({});
    for (let i = 0; i < 50; i++) expect((await admit(key)).ok).toBe(true);
  });
});

describe('rate limits while Redis is unreachable', () => {
  const guarded = (failureMode: 'fail-open' | 'fail-closed', redis: Redis) => {
    const metrics = createMetrics();
    const limiter = createGuardedRateLimiter(
      redis,
      createRedisRateLimiter(redis, () => {}),
      createMemoryRateLimiter(),
      {
        failureMode,
        logger: pino({ level: 'silent' }),
        redisUp: metrics.redisUp,
        redisFailures: metrics.redisFailures,
        degradedAdmissions: metrics.degradedAdmissions,
      },
    );
    return { limiter, metrics };
  };
  // Nothing listens on port 1: every command fails at once.
  const unreachable = () =>
    new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });

  it('fail-open: admits on local counts, once skipping Redis, and says so in the metrics', async () => {
    const redis = unreachable();
    const { limiter, metrics } = guarded('fail-open', redis);
    try {
      const key = limits({ rpm_limit: 2 });
      const decisions = [];
      for (let i = 0; i < 3; i++)
        decisions.push(await limiter.admit({ key, estimate: small, spent: nothingSpent }));
      expect(decisions.map((d) => d.ok)).toEqual([true, true, false]);
      expect(limiter.degraded()).toBe(true);
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/aurora_redis_up 0/);
      expect(text).toMatch(/aurora_redis_failures_total 1\n/);
      expect(text).toMatch(/aurora_limit_checks_degraded_total\{mode="fail-open"\} 3/);
    } finally {
      await limiter.close();
    }
  });

  it('fail-closed: refuses keys with limits, with a message naming the cause; others pass', async () => {
    const redis = unreachable();
    const { limiter } = guarded('fail-closed', redis);
    try {
      const refused = await limiter.admit({
        key: limits({ tpm_limit: 10 }),
        estimate: small,
        spent: nothingSpent,
      });
      expect(refused).toMatchObject({ ok: false, limit: 'unavailable' });
      expect((refused as { message: string }).message).toMatch(/Redis is unreachable/);
      expect((await limiter.admit({ key: limits({}), estimate: small, spent: nothingSpent })).ok).toBe(true);
    } finally {
      await limiter.close();
    }
  });
});
