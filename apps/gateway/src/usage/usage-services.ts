import type { Database } from '@aurora/db';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AuroraConfig } from '../config/schema.js';
import { StartupError } from '../startup-error.js';
import { createLogWriter } from './log-writer.js';
import { createMetrics } from './metrics.js';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limiter.js';
import type { UsageServices } from './request-tracker.js';
import { createSpendTracker } from './spend-tracker.js';

export interface RunningUsage extends UsageServices {
  /**
   * Flushes request logs for at most `deadlineMs` (what is left waits in the spool file: nothing
   * lost on SIGTERM) and closes what was opened.
   */
  stop(deadlineMs?: number): Promise<void>;
}

async function openRateLimiter(redisUrl: string | undefined, logger: Logger): Promise<RateLimiter> {
  if (!redisUrl) return createMemoryRateLimiter();
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5_000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const where = redisUrl.replace(/\/\/[^@/]*@/, '//***@');
    throw new StartupError(`cannot connect to redis_url ${where}: ${(error as Error).message}`);
  }
  return createRedisRateLimiter(redis, (error) =>
    logger.warn({ err: error }, 'redis unavailable: rate limits not enforced for this request'),
  );
}

export async function startUsageServices(
  database: Database,
  config: AuroraConfig,
  logger: Logger,
): Promise<RunningUsage> {
  const metrics = createMetrics();
  const logs = createLogWriter(database, logger, {
    retentionDays: config.log_retention_days,
    dataDir: config.data_dir,
    metrics,
  });
  const limiter = await openRateLimiter(config.redis_url, logger);
  const spend = await createSpendTracker(database, logger, {
    beforeRefresh: () => logs.flush(),
    unwritten: (monthStart) => logs.unwrittenSpend(monthStart),
  });
  return {
    logs,
    limiter,
    spend,
    metrics,
    async stop(deadlineMs) {
      spend.stop();
      await logs.stop(deadlineMs);
      await limiter.close();
    },
  };
}
