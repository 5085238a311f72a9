import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Counter, Gauge } from 'prom-client';
import { type Admission, hasLimits, type LimitDecision, type RateLimiter } from './rate-limiter.js';

export type RedisFailureMode = 'fail-open' | 'fail-closed';

export interface RedisGuardOptions {
  failureMode: RedisFailureMode;
  logger: Logger;
  redisUp: Gauge;
  redisFailures: Counter;
  degradedAdmissions: Counter<'mode'>;
  /** How often an unreachable Redis is asked whether it is back (requests never wait on that). */
  probeIntervalMs?: number;
  /** Redis was not reachable at start. */
  startDown?: unknown;
}

export interface GuardedRateLimiter extends RateLimiter {
  /** True while Redis is skipped. */
  degraded(): boolean;
  /** Records a failed Redis command: from then on requests skip Redis until it answers a probe. */
  failed(error: unknown): void;
}

/**
 * A circuit breaker around the shared (Redis) limiter: a failed or timed-out command opens it, and
 * until a background PING succeeds no request talks to Redis, so an outage costs one command timeout
 * once, not one per request. Meanwhile `fail-open` admits on this instance's own counts (`local`) and
 * `fail-closed` refuses keys that have limits or budgets.
 */
export function createGuardedRateLimiter(
  redis: Redis,
  shared: RateLimiter,
  local: RateLimiter,
  options: RedisGuardOptions,
): GuardedRateLimiter {
  const { failureMode, logger, probeIntervalMs = 1_000 } = options;
  let down = false;
  let probe: NodeJS.Timeout | undefined;
  let closed = false;

  const startProbing = () => {
    if (probe || closed) return;
    probe = setInterval(() => {
      if (redis.status === 'end' || redis.status === 'wait') redis.connect().catch(() => {});
      redis.ping().then(
        () => {
          if (!down) return;
          down = false;
          clearInterval(probe);
          probe = undefined;
          options.redisUp.set(1);
          logger.warn('redis answers again: rate limits and budgets are cluster-wide again');
        },
        () => {},
      );
    }, probeIntervalMs);
    probe.unref();
  };

  const failed = (error: unknown) => {
    options.redisFailures.inc();
    if (down) return;
    down = true;
    options.redisUp.set(0);
    // A connection that let a command time out may still owe replies to it: start afresh, or every
    // later reply would be matched to the wrong command.
    redis.disconnect(true);
    logger.warn(
      { err: error, redis_failure_mode: failureMode },
      failureMode === 'fail-open'
        ? 'redis unavailable: rate limits and budgets are counted by this instance alone until it answers'
        : 'redis unavailable: requests of keys with limits or budgets are refused until it answers',
    );
    startProbing();
  };

  const degrade = (admission: Admission): Promise<LimitDecision> => {
    options.degradedAdmissions.inc({ mode: failureMode });
    if (failureMode === 'fail-open') return local.admit(admission);
    return Promise.resolve({
      ok: false,
      limit: 'unavailable',
      message:
        'The gateway cannot check this API key’s rate limits and budget right now (Redis is unreachable and redis_failure_mode is fail-closed); retry shortly',
    });
  };

  options.redisUp.set(1);
  if (options.startDown !== undefined) failed(options.startDown);

  return {
    degraded: () => down,
    failed,
    async admit(admission) {
      if (!hasLimits(admission.key)) return local.admit(admission);
      if (down) return degrade(admission);
      try {
        return await shared.admit(admission);
      } catch (error) {
        failed(error);
        return degrade(admission);
      }
    },
    async close() {
      closed = true;
      clearInterval(probe);
      await shared.close();
      await local.close();
    },
  };
}
