import type { GatewayError } from '../errors/gateway-error.js';

/** What one target did with the request: answered (the response is the client's now), or failed. */
export type AttemptResult =
  | { ok: true; response: Response; attempts: number }
  | { ok: false; error: GatewayError; attempts: number; fallback: boolean };
