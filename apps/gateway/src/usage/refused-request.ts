import type { Ingress } from '@aurora/db';
import type { GatewayError } from '../errors/gateway-error.js';
import type { UsageServices } from './request-tracker.js';

export interface RefusedRequest {
  ingress: Ingress;
  error: GatewayError;
  /** The managed key presented, when it is known (revoked or expired). */
  keyId: string | undefined;
  keyPrefix: string | undefined;
  requestId: string;
  sessionId: string | undefined;
}

/**
 * A request refused before it reached a model (no or a bad key) still gets its request-log row, so
 * that a leaked or revoked key in use shows up in Logs. Nothing is known yet of the alias or tokens.
 */
export function recordRefusedRequest({ logs, metrics }: UsageServices, refused: RefusedRequest): void {
  metrics.requests.inc({
    ingress: refused.ingress,
    alias: '',
    provider: '',
    status: String(refused.error.status),
  });
  logs.record({
    created_at: new Date(),
    key_id: refused.keyId ?? null,
    key_prefix: refused.keyPrefix ?? null,
    request_id: refused.requestId,
    alias: null,
    ingress: refused.ingress,
    status: refused.error.status,
    error_type: refused.error.type,
    error_message: refused.error.message,
    latency_ms: 0,
    attempts: 0,
    session_id: refused.sessionId ?? null,
  });
}
