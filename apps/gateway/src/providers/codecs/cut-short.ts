import { GatewayError } from '../../errors/gateway-error.js';
import type { InStreamFailure } from '../codec.js';

/** Why an answer that ended before the provider's last word is refused rather than passed on. */
export const CUT_SHORT =
  'the upstream answer ended without a finish reason (cut short); it is not passed on as complete';

/** A stream whose body ended before its last word: a bad gateway, worth the next target before the first byte. */
export function cutShortFailure(providerName: string): InStreamFailure {
  return {
    error: new GatewayError('api_error', `${providerName}: ${CUT_SHORT}`, { status: 502 }),
    status: 502,
  };
}
