import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AuthKey, Caller } from '../caller.js';
import { GatewayError } from '../errors/gateway-error.js';

export interface AuthOptions<K extends AuthKey> {
  masterKey: string;
  /** In-memory lookup by SHA-256 hex of the presented key: no database round trip per request. */
  findKeyByHash(hash: string): K | undefined;
  /** Only the master key may pass (admin API). */
  masterOnly?: boolean;
  now?: () => number;
  /** Told of every refusal before it is answered (the request log keeps refused requests too). */
  onRefused?: (
    refusal: { error: GatewayError; key: K | undefined; token: string | undefined },
    c: Context,
  ) => void;
}

/**
 * Said with every rejected key: a Claude Code user did not make the key and cannot fix it alone, so
 * the message names who can and where the key comes from.
 */
const ASK_FOR_A_KEY =
  "Ask the operator of this Aurora gateway for a key (they create one on the admin UI's Keys page or with `aurora keys create`) and set it as ANTHROPIC_AUTH_TOKEN";

/** `Authorization: Bearer` first, then `x-api-key` (Anthropic SDKs send the latter). */
function presentedToken(authorization: string | undefined, apiKey: string | undefined): string | undefined {
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
    const refuse = (message: string, key?: K) => {
      const error = new GatewayError('authentication_error', message);
      options.onRefused?.({ error, key, token }, c);
      return error;
    };
    if (!token) {
      throw refuse(
        `Missing API key: send it as "Authorization: Bearer <key>" or "x-api-key: <key>". ${ASK_FOR_A_KEY}`,
      );
    }
    // Comparing fixed-length digests keeps the comparison constant-time whatever the token's length.
    const tokenDigest = createHash('sha256').update(token).digest();
    if (timingSafeEqual(tokenDigest, masterDigest)) {
      c.set('caller', { kind: 'master' });
      return next();
    }
    if (options.masterOnly) {
      throw refuse('Invalid master key');
    }
    const key = options.findKeyByHash(tokenDigest.toString('hex'));
    if (!key) throw refuse(`Invalid API key. ${ASK_FOR_A_KEY}`);
    if (key.revoked_at) throw refuse(`This API key has been revoked. ${ASK_FOR_A_KEY}`, key);
    if (key.expires_at && key.expires_at.getTime() <= now()) {
      throw refuse(`This API key has expired. ${ASK_FOR_A_KEY}`, key);
    }
    c.set('caller', { kind: 'key', key });
    return next();
  };
}
