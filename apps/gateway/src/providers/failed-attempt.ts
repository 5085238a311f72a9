import { TranslationError } from '@aurora/translate';
import { GatewayError } from '../errors/gateway-error.js';
import type { AttemptResult } from '../targets/attempt-result.js';
import { UpstreamError } from './transport/upstream-error.js';
import { upstreamTransportError } from './upstream-failure.js';

export type FailedAttempt = Extract<AttemptResult, { ok: false }>;

export function transportFailure(providerName: string, error: unknown, attempts: number): FailedAttempt {
  if (error instanceof GatewayError) return { ok: false, error, attempts, fallback: true };
  if (!(error instanceof UpstreamError)) throw error;
  return {
    ok: false,
    error: upstreamTransportError(providerName, error),
    attempts,
    // A client that went away is no reason to try the next provider.
    fallback: error.kind !== 'aborted',
  };
}

export function badAnswer(providerName: string, message: string, attempts: number): FailedAttempt {
  return {
    ok: false,
    error: new GatewayError('api_error', `${providerName}: ${message}`, { status: 502 }),
    attempts,
    fallback: true,
  };
}

/** A request the target's protocol cannot carry is the client's to fix: no other target would do better. */
export function translationFailure(error: unknown, attempts: number): FailedAttempt {
  if (!(error instanceof TranslationError)) throw error;
  return { ok: false, error: new GatewayError(error.type, error.message), attempts, fallback: false };
}
