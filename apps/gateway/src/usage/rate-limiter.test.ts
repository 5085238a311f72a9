import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limiter.js';

const redisUrl = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';

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
if (await redisAvailable()) limiters.push(['redis', () => createRedisRateLimiter(new Redis(redisUrl))]);

describe.each(limiters)('%s rate limiter', (_name, create) => {
  const limiter = create();
  afterAll(() => limiter.close());
  const minuteStart = Math.floor(Date.now() / 60_000) * 60_000 + 60_000;

  it('lets exactly N requests of a concurrent burst through a limit of N per minute', async () => {
    const key = { id: randomUUID(), rpm_limit: 5, tpm_limit: null };
    const decisions = await Promise.all(
      Array.from({ length: 12 }, () => limiter.admit(key, minuteStart + 1_000)),
    );
    expect(decisions.filter((d) => d.ok)).toHaveLength(5);
    const refused = decisions.find((d) => !d.ok);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 59, limit: 'rpm' });
  });

  it('opens again in the next minute', async () => {
    const key = { id: randomUUID(), rpm_limit: 1, tpm_limit: null };
    expect((await limiter.admit(key, minuteStart)).ok).toBe(true);
    expect((await limiter.admit(key, minuteStart + 59_000)).ok).toBe(false);
    expect((await limiter.admit(key, minuteStart + 60_000)).ok).toBe(true);
  });

  it('refuses once the tokens of the minute are spent', async () => {
    const key = { id: randomUUID(), rpm_limit: null, tpm_limit: 1_000 };
    expect((await limiter.admit(key, minuteStart)).ok).toBe(true);
    await limiter.addTokens(key.id, 1_200, minuteStart + 10);
    expect(await limiter.admit(key, minuteStart + 30_000)).toEqual({
      ok: false,
      retryAfterSeconds: 30,
      limit: 'tpm',
    });
  });

  it('never limits a key without limits', async () => {
    const key = { id: randomUUID(), rpm_limit: null, tpm_limit: null };
    for (let i = 0; i < 50; i++) expect((await limiter.admit(key)).ok).toBe(true);
  });
});

describe('redis rate limiter during an outage', () => {
  it('lets requests through and reports the outage instead of failing them', async () => {
    // Nothing listens on port 1: every command fails at once.
    const redis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    const outages: unknown[] = [];
    const limiter = createRedisRateLimiter(redis, (error) => outages.push(error));
    try {
      expect(await limiter.admit({ id: randomUUID(), rpm_limit: 1, tpm_limit: null })).toEqual({ ok: true });
      await limiter.addTokens(randomUUID(), 10);
      expect(outages).toHaveLength(2);
    } finally {
      redis.disconnect();
    }
  });
});
