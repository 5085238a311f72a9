import { setTimeout as sleepFor } from 'node:timers/promises';
import {
  defaultRetryPolicy,
  isRetryableError,
  isRetryableStatus,
  nextRetryDelayMs,
  type RetryPolicy,
  retryAfterMs,
} from './retry-policy.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from './upstream-client.js';
import { describeTarget, UpstreamError } from './upstream-error.js';

/** Time and chance, injected so that tests need neither real waits nor luck. */
export interface RetryClock {
  now(): number;
  /** Rejects as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
  random(): number;
}

const systemClock: RetryClock = {
  now: Date.now,
  sleep: (ms, signal) => sleepFor(ms, undefined, { signal }),
  random: Math.random,
};

export interface RetriedResponse {
  response: UpstreamResponse;
  attempts: number;
}

/**
 * Sends `request` until it gets a response worth handing back. A response is returned as soon as it is
 * not retryable or no retry fits (its status, whatever it is, is the caller's to map), and never retried
 * afterwards: only the caller knows whether bytes reached the client. Thrown errors carry `attempts`.
 */
export async function sendWithRetry(
  client: Pick<UpstreamClient, 'send'>,
  request: UpstreamRequest,
  policy: Partial<RetryPolicy> = {},
  clock: RetryClock = systemClock,
): Promise<RetriedResponse> {
  const effectivePolicy = { ...defaultRetryPolicy, ...policy };
  const startedAt = clock.now();

  for (let attempt = 1; ; attempt++) {
    let delayMs: number | undefined;
    try {
      const response = await client.send(request);
      if (!isRetryableStatus(response.status)) return { response, attempts: attempt };
      const now = clock.now();
      delayMs = nextRetryDelayMs(
        {
          failedAttempts: attempt,
          elapsedMs: now - startedAt,
          retryAfterMs: retryAfterMs(response.headers, now),
        },
        effectivePolicy,
        clock.random,
      );
      if (delayMs === undefined) return { response, attempts: attempt };
      response.cancel();
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      error.attempts = attempt;
      if (!isRetryableError(error)) throw error;
      delayMs = nextRetryDelayMs(
        { failedAttempts: attempt, elapsedMs: clock.now() - startedAt, retryAfterMs: undefined },
        effectivePolicy,
        clock.random,
      );
      if (delayMs === undefined) throw error;
    }

    try {
      await clock.sleep(delayMs, request.signal);
    } catch (cause) {
      const target = describeTarget(request.method, new URL(request.url));
      const aborted = new UpstreamError('aborted', `${target} was aborted by the caller before a retry`, {
        cause,
      });
      aborted.attempts = attempt;
      throw aborted;
    }
  }
}
