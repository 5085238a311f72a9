import type { ResolvedRoute, RouteTarget } from '../targets/route-target.js';
import type { AnswerUsage } from '../usage/request-tracker.js';

/** What every provider adapter gets from the route, whatever the ingress. */
export interface AnswerHooks {
  route: ResolvedRoute;
  target: RouteTarget;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** Response headers every answer carries (request id, x-aurora-*). */
  headers: Record<string, string>;
  /** The first byte is about to reach the client. */
  onFirstByte(): void;
  /** The upstream's real usage, as it becomes known. */
  onUsage(usage: AnswerUsage): void;
  /** A streamed answer ended, with what broke it if it did not end normally. */
  onStreamEnd(failure?: unknown): void;
}
