import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { takeSSE, withSSEBody, writeSSE } from '../providers/transport/sse-response.js';
import type { AppEnv } from './app-env.js';

/**
 * Sends a streamed answer straight to the node response when the server gave one (no web stream
 * per answer: see docs/performance.md); any other response, or a server without one, goes back to Hono.
 */
export function sendAnswer(c: Context<AppEnv>, response: Response): Response {
  const outgoing = c.env?.outgoing;
  if (!outgoing) return withSSEBody(response);
  const sse = takeSSE(response);
  if (!sse) return response;
  writeSSE(sse.pump, outgoing, response.status, sse.headers);
  return RESPONSE_ALREADY_SENT;
}
