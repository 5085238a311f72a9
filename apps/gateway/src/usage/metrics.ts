import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics (issue 6); one registry per app so tests don't share counters. */
export interface GatewayMetrics {
  registry: Registry;
  requests: Counter<'ingress' | 'alias' | 'provider' | 'status'>;
  duration: Histogram<'ingress' | 'alias' | 'provider'>;
  timeToFirstByte: Histogram<'ingress' | 'alias' | 'provider'>;
  tokens: Counter<'direction' | 'alias' | 'provider'>;
  upstreamErrors: Counter<'provider' | 'type'>;
  inflightStreams: Gauge<'ingress'>;
  redisUp: Gauge;
  redisFailures: Counter;
  degradedAdmissions: Counter<'mode'>;
  escapedErrors: Counter<'kind'>;
  logRowsDropped: Counter;
  logRowsQuarantined: Counter;
}

// LLM latencies span from a fast cached answer to a long reasoning stream.
const latencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  return {
    registry,
    requests: new Counter({
      name: 'aurora_requests_total',
      help: 'Model requests by ingress, alias, provider and HTTP status',
      labelNames: ['ingress', 'alias', 'provider', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'aurora_request_duration_seconds',
      help: 'Time from request to the last byte of the answer',
      labelNames: ['ingress', 'alias', 'provider'],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    timeToFirstByte: new Histogram({
      name: 'aurora_time_to_first_byte_seconds',
      help: 'Time from request to the first byte sent to the client',
      labelNames: ['ingress', 'alias', 'provider'],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    tokens: new Counter({
      name: 'aurora_tokens_total',
      help: 'Tokens by direction (input, output, cached), alias and provider',
      labelNames: ['direction', 'alias', 'provider'],
      registers: [registry],
    }),
    upstreamErrors: new Counter({
      name: 'aurora_upstream_errors_total',
      help: 'Failed upstream answers by provider and error type',
      labelNames: ['provider', 'type'],
      registers: [registry],
    }),
    inflightStreams: new Gauge({
      name: 'aurora_inflight_streams',
      help: 'Streaming answers in progress',
      labelNames: ['ingress'],
      registers: [registry],
    }),
    redisUp: new Gauge({
      name: 'aurora_redis_up',
      help: '1 while the shared rate-limit counters in Redis answer, 0 while they are skipped',
      registers: [registry],
    }),
    redisFailures: new Counter({
      name: 'aurora_redis_failures_total',
      help: 'Redis commands that failed or timed out',
      registers: [registry],
    }),
    degradedAdmissions: new Counter({
      name: 'aurora_limit_checks_degraded_total',
      help: 'Admissions of limited keys decided without Redis, by redis_failure_mode',
      labelNames: ['mode'],
      registers: [registry],
    }),
    escapedErrors: new Counter({
      name: 'aurora_escaped_errors_total',
      help: 'Errors no handler caught (unhandled rejections, uncaught exceptions), logged instead of exiting',
      labelNames: ['kind'],
      registers: [registry],
    }),
    logRowsDropped: new Counter({
      name: 'aurora_request_log_rows_dropped_total',
      help: 'Request-log rows dropped, oldest first, because the buffer filled while the database was away',
      registers: [registry],
    }),
    logRowsQuarantined: new Counter({
      name: 'aurora_request_log_rows_quarantined_total',
      help: 'Request-log rows the database refused, kept in the quarantine file in data_dir',
      registers: [registry],
    }),
  };
}
