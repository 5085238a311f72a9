import { globToRegExp, isGlob, literalLength } from '@aurora/contract';

export interface RoutableAlias {
  name: string;
  enabled: boolean;
}

export type AliasLookup<A> = { alias: A } | { disabled: A } | undefined;

export interface AliasIndex<A extends RoutableAlias> {
  /** Exact name first, then the most specific glob, then creation order. */
  lookup(model: string): AliasLookup<A>;
  /** Exact (non-glob) enabled aliases, as `/v1/models` lists them. */
  listed: readonly A[];
  all: readonly A[];
}

/**
 * Built once per registry refresh so that a request costs one Map lookup, or a scan of the few
 * globs; `aliases` must be in creation order.
 */
export function buildAliasIndex<A extends RoutableAlias>(aliases: readonly A[]): AliasIndex<A> {
  const exact = new Map<string, A>();
  const globs: { alias: A; pattern: RegExp; literal: number; order: number }[] = [];
  aliases.forEach((alias, order) => {
    if (isGlob(alias.name)) {
      globs.push({ alias, pattern: globToRegExp(alias.name), literal: literalLength(alias.name), order });
    } else {
      exact.set(alias.name, alias);
    }
  });
  globs.sort((a, b) => b.literal - a.literal || a.order - b.order);

  return {
    lookup(model) {
      const hit = exact.get(model);
      if (hit) return hit.enabled ? { alias: hit } : { disabled: hit };
      let disabled: A | undefined;
      for (const glob of globs) {
        if (!glob.pattern.test(model)) continue;
        if (glob.alias.enabled) return { alias: glob.alias };
        disabled ??= glob.alias;
      }
      return disabled ? { disabled } : undefined;
    },
    listed: aliases.filter((alias) => alias.enabled && !isGlob(alias.name)),
    all: aliases,
  };
}
