import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AuthKey, Caller } from '../caller.js';
import { GatewayError } from '../errors/gateway-error.js';

export interface AuthOptions<K extends AuthKey> {
  masterKey: string;
  /** In-memory lookup by SHA-256 hex of the presented key: no database round trip per request. */
  findKeyByHash(hash: string): K | undefined;
  /** Only the master key may pass (admin API). */
  masterOnly?: boolean;
  now?: () => number;
}

/** `Authorization: Bearer` first, then `x-api-key` (Anthropic SDKs send the latter). */
export function presentedToken(
  authorization: string | undefined,
  apiKey: string | undefined,
): string | undefined {
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1]!.trim();
  }
  return apiKey?.trim() || undefined;
}

export function authenticate<K extends AuthKey>(
  options: AuthOptions<K>,
): MiddlewareHandler<{ Variables: { caller: Caller<K> } }> {
  const masterDigest = createHash('sha256').update(options.masterKey).digest();
  const now = options.now ?? Date.now;

  return async (c, next) => {
    const token = presentedToken(c.req.header('authorization'), c.req.header('x-api-key'));
    if (!token) {
      throw new GatewayError(
        'authentication_error',
        'Missing API key: send it as "Authorization: Bearer <key>" or "x-api-key: <key>"',
      );
    }
    // Comparing fixed-length digests keeps the comparison constant-time whatever the token's length.
    const tokenDigest = createHash('sha256').update(token).digest();
    if (timingSafeEqual(tokenDigest, masterDigest)) {
      c.set('caller', { kind: 'master' });
      return next();
    }
    if (options.masterOnly) {
      throw new GatewayError('authentication_error', 'Invalid master key');
    }
    const key = options.findKeyByHash(tokenDigest.toString('hex'));
    if (!key) throw new GatewayError('authentication_error', 'Invalid API key');
    if (key.revoked_at) throw new GatewayError('authentication_error', 'This API key has been revoked');
    if (key.expires_at && key.expires_at.getTime() <= now()) {
      throw new GatewayError('authentication_error', 'This API key has expired');
    }
    c.set('caller', { kind: 'key', key });
    return next();
  };
}
