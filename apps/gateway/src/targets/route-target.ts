import type { ModelAlias } from '@aurora/db';
import type { RuntimeProvider } from '../registry/snapshot.js';

/** One place a request may go: the alias's own target, then each fallback in order. */
export interface RouteTarget {
  provider: RuntimeProvider;
  model: string;
}

export interface ResolvedRoute {
  /** What the client asked for; answers carry it back as their `model`. */
  requested: string;
  /** The alias that matched; absent for `provider/model` direct addressing. */
  alias: ModelAlias | undefined;
  targets: RouteTarget[];
}
