import type { ApiKey, AttemptLogEntry, Ingress, ModelAlias } from '@aurora/db';
import type { Caller } from '../caller.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { AnswerUsage } from '../targets/answer-usage.js';
import { costOf, type EstimateInput, estimateAdmission } from './admission-estimate.js';
import type { LogWriter } from './log-writer.js';
import type { GatewayMetrics } from './metrics.js';
import type { RateLimiter, Reservation } from './rate-limiter.js';
import type { SpendTracker } from './spend-tracker.js';

export interface UsageServices {
  logs: LogWriter;
  limiter: RateLimiter;
  spend: SpendTracker;
  metrics: GatewayMetrics;
}

export interface RequestStart {
  ingress: Ingress;
  caller: Caller<ApiKey>;
  requested: string;
  streamed: boolean;
  sessionId: string | undefined;
  requestId: string;
}

/**
 * Follows one model request from admission to its last byte, then writes its request-log row,
 * metrics, spend and token-rate usage once. Nothing here waits on the database.
 */
export class RequestTracker {
  private readonly started = performance.now();
  // The log row is dated when the request arrived, not when its batch was written.
  private readonly startedAt = new Date();
  private firstByteMs: number | undefined;
  private alias: ModelAlias | undefined;
  private provider: string | undefined;
  private upstreamModel: string | undefined;
  private usage: AnswerUsage = {};
  private finished = false;
  private streaming = false;
  private bodies: { request: unknown; response: unknown } | undefined;
  private reservation: Reservation | undefined;

  constructor(
    private readonly services: UsageServices,
    private readonly start: RequestStart,
  ) {}

  private get key(): ApiKey | undefined {
    return this.start.caller.kind === 'key' ? this.start.caller.key : undefined;
  }

  /**
   * Budget (403) then rate limits (429), after auth and alias checks, in the order clients are told
   * why; an admitted request holds a reservation of its estimate until it finishes.
   */
  async admit(alias: ModelAlias | undefined, request: EstimateInput): Promise<void> {
    this.alias = alias;
    const key = this.key;
    if (!key) return;
    this.services.logs.touchKey(key.id);
    const decision = await this.services.limiter.admit({
      key,
      estimate: estimateAdmission(alias, request),
      spent: this.services.spend.spendOf(key.id),
    });
    if (decision.ok) {
      this.reservation = decision.reservation;
      return;
    }
    switch (decision.limit) {
      case 'budget':
        throw new GatewayError('permission_error', decision.message);
      case 'unavailable':
        throw new GatewayError('api_error', decision.message, { status: 503, retryAfterSeconds: 1 });
      default:
        throw this.rateLimited(key, decision);
    }
  }

  /**
   * A request refused before admission (an unknown model) still takes its place in the key's
   * requests per minute: a key cannot send them without limit. Past the limit it answers 429;
   * otherwise the original refusal stands.
   */
  async admitRefused(): Promise<void> {
    const key = this.key;
    if (!key) return;
    const decision = await this.services.limiter.admit({
      key,
      estimate: { tokens: 0, usd: 0 },
      spent: this.services.spend.spendOf(key.id),
    });
    if (!decision.ok && (decision.limit === 'rpm' || decision.limit === 'tpm')) {
      throw this.rateLimited(key, decision);
    }
  }

  private rateLimited(
    key: ApiKey,
    refusal: { limit: 'rpm' | 'tpm'; retryAfterSeconds: number },
  ): GatewayError {
    const limit = refusal.limit === 'rpm' ? `${key.rpm_limit} requests` : `${key.tpm_limit} tokens`;
    return new GatewayError(
      'rate_limit_error',
      `This API key is limited to ${limit} per minute; retry in ${refusal.retryAfterSeconds} s`,
      { retryAfterSeconds: refusal.retryAfterSeconds },
    );
  }

  target(provider: string, model: string): void {
    this.provider = provider;
    this.upstreamModel = model;
  }

  /** Upstream requests made so far; dispatch counts into it, so a row written early still has them. */
  readonly trace = { attempts: 0 };
  private readonly attemptLog: AttemptLogEntry[] = [];

  /** One target's outcome, for the log's list of what was tried. */
  attempted(entry: AttemptLogEntry): void {
    this.attemptLog.push(entry);
  }

  firstByte(): void {
    this.firstByteMs ??= performance.now() - this.started;
    if (this.start.streamed && !this.streaming) {
      this.streaming = true;
      this.services.metrics.inflightStreams.inc({ ingress: this.start.ingress });
    }
  }

  /** Only with `log_bodies` on: the prompt, and the answer when it was not streamed. */
  keepBodies(request: unknown, response?: unknown): void {
    this.bodies = { request, response: response ?? null };
  }

  addUsage(usage: AnswerUsage): void {
    this.usage = { ...this.usage, ...usage };
  }

  /** Records the request once, however it ended. */
  finish(status: number, error?: GatewayError): void {
    if (this.finished) return;
    this.finished = true;
    const { metrics, logs, spend } = this.services;
    const latencyMs = performance.now() - this.started;
    const cached = this.usage.cache_read_input_tokens ?? 0;
    const input = (this.usage.input_tokens ?? 0) + cached + (this.usage.cache_creation_input_tokens ?? 0);
    const output = this.usage.output_tokens ?? 0;
    const cost = costOf(this.alias, input, output, cached);
    // Labels only from configured aliases: made-up model names would grow /metrics without bound.
    const aliasLabel = this.alias?.name ?? 'unknown';
    const labels = { ingress: this.start.ingress, alias: aliasLabel, provider: this.provider ?? '' };

    if (this.streaming) metrics.inflightStreams.dec({ ingress: this.start.ingress });
    metrics.requests.inc({ ...labels, status: String(status) });
    metrics.duration.observe(labels, latencyMs / 1000);
    if (this.firstByteMs !== undefined) metrics.timeToFirstByte.observe(labels, this.firstByteMs / 1000);
    if (input)
      metrics.tokens.inc({ direction: 'input', alias: aliasLabel, provider: labels.provider }, input);
    if (output)
      metrics.tokens.inc({ direction: 'output', alias: aliasLabel, provider: labels.provider }, output);
    if (cached)
      metrics.tokens.inc({ direction: 'cached', alias: aliasLabel, provider: labels.provider }, cached);
    if (error && this.provider) metrics.upstreamErrors.inc({ provider: this.provider, type: error.type });

    const key = this.key;
    if (key && (input || output)) spend.add(key.id, { spend_tokens: input + output, spend_usd: cost ?? 0 });
    this.reservation?.settle({ tokens: input + output, usd: cost ?? 0 });
    logs.record({
      created_at: this.startedAt,
      key_id: key?.id ?? null,
      key_prefix: key?.prefix ?? null,
      request_id: this.start.requestId,
      alias: this.start.requested,
      provider: this.provider ?? null,
      upstream_model: this.upstreamModel ?? null,
      ingress: this.start.ingress,
      streamed: this.start.streamed,
      status,
      error_type: error?.type ?? null,
      error_message: error?.message ?? null,
      input_tokens: input,
      output_tokens: output,
      cached_tokens: cached,
      cost_usd: cost,
      latency_ms: Math.round(latencyMs),
      ttfb_ms: this.firstByteMs === undefined ? null : Math.round(this.firstByteMs),
      attempts: Math.max(1, this.trace.attempts),
      attempt_log: this.attemptLog.length > 0 ? this.attemptLog : null,
      session_id: this.start.sessionId ?? null,
      request_body: this.bodies?.request ?? null,
      response_body: this.bodies?.response ?? null,
    });
  }
}
