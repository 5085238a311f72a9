import type { Database } from '@aurora/db';
import type { Logger } from 'pino';
import type { AuroraConfig } from '../config/schema.js';
import { StartupError } from '../startup-error.js';
import { createGuardedRateLimiter } from './guarded-rate-limiter.js';
import { createLogWriter } from './log-writer.js';
import { createMetrics, type GatewayMetrics } from './metrics.js';
import { createMemoryRateLimiter, type RateLimiter } from './rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';
import type { UsageServices } from './request-tracker.js';
import { createSpendTracker } from './spend-tracker.js';

export interface RunningUsage extends UsageServices {
  /**
   * Flushes request logs for at most `deadlineMs` (what is left waits in the spool file: nothing
   * lost on SIGTERM) and closes what was opened.
   */
  stop(deadlineMs?: number): Promise<void>;
}

const maskRedisUrl = (redisUrl: string) => redisUrl.replace(/\/\/[^@/]*@/, '//***@');

/**
 * In memory without `redis_url`; with it, shared counters behind a circuit breaker. Redis down at
 * start stops the start only in fail-closed mode: fail-open starts on local counts and switches to
 * Redis once it answers.
 */
async function openRateLimiter(
  config: Pick<AuroraConfig, 'redis_url' | 'redis_failure_mode' | 'redis_timeout_ms'>,
  logger: Logger,
  metrics: GatewayMetrics,
): Promise<RateLimiter> {
  const local = createMemoryRateLimiter();
  if (!config.redis_url) return local;
  // Loaded only when configured: a gateway without Redis keeps its memory.
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redis_url, {
    lazyConnect: true,
    // Fail at once while disconnected and after redis_timeout_ms when connected but silent.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: config.redis_timeout_ms,
    connectTimeout: 5_000,
  });
  // Failures reach the breaker through the commands; the event would otherwise print to stderr.
  redis.on('error', () => {});
  let startDown: unknown;
  try {
    // A Redis that accepts connections but never answers must not hold the start either.
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5_000).unref()),
    ]);
  } catch (error) {
    if (config.redis_failure_mode === 'fail-closed') {
      redis.disconnect();
      throw new StartupError(
        `cannot connect to redis_url ${maskRedisUrl(config.redis_url)}: ${(error as Error).message} (redis_failure_mode is fail-closed)`,
      );
    }
    startDown = error;
  }
  let guarded: ReturnType<typeof createGuardedRateLimiter> | undefined;
  const shared = createRedisRateLimiter(redis, (error) => guarded?.failed(error));
  guarded = createGuardedRateLimiter(redis, shared, local, {
    failureMode: config.redis_failure_mode,
    logger,
    redisUp: metrics.redisUp,
    redisFailures: metrics.redisFailures,
    degradedAdmissions: metrics.degradedAdmissions,
    startDown,
  });
  return guarded;
}

export async function startUsageServices(
  database: Database,
  config: AuroraConfig,
  logger: Logger,
  metrics: GatewayMetrics = createMetrics(),
): Promise<RunningUsage> {
  const logs = createLogWriter(database, logger, {
    retentionDays: config.log_retention_days,
    dataDir: config.data_dir,
    metrics,
  });
  const limiter = await openRateLimiter(config, logger, metrics);
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
