import { matchesAny } from '@aurora/contract';
import type { ApiKey, ModelAlias } from '@aurora/db';
import type { Caller } from '../caller.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { RegistrySnapshot } from '../registry/snapshot.js';
import type { ResolvedRoute, RouteTarget } from '../targets/route-target.js';

/** Aliases a caller may use, as named in errors and `/v1/models`. */
function usableAliasNames(snapshot: RegistrySnapshot, caller: Caller<ApiKey>): string[] {
  const names = snapshot.aliases.all.filter((alias) => alias.enabled).map((alias) => alias.name);
  const allowed = caller.kind === 'key' ? caller.key.allowed_aliases : null;
  return allowed ? names.filter((name) => matchesAny(name, allowed)) : names;
}

function unknownModel(snapshot: RegistrySnapshot, caller: Caller<ApiKey>, why: string): GatewayError {
  const usable = usableAliasNames(snapshot, caller);
  const list = usable.length
    ? `Aliases you can use: ${usable.join(', ')}.`
    : 'No aliases are configured yet.';
  // A 400, not a 404: Claude Code prints a 400's message verbatim but hides a 404's.
  return new GatewayError(
    'invalid_request_error',
    `${why} ${list} Add one on the Models page of the Aurora admin UI (/ui/) or under aliases: in aurora.yaml.`,
    { field: 'model' },
  );
}

function isAllowed(caller: Caller<ApiKey>, requested: string, aliasName: string): boolean {
  if (caller.kind === 'master') return true;
  const allowed = caller.key.allowed_aliases;
  return !allowed || matchesAny(aliasName, allowed) || matchesAny(requested, allowed);
}

function aliasTargets(alias: ModelAlias, snapshot: RegistrySnapshot): RouteTarget[] {
  const targets: RouteTarget[] = [];
  for (const hop of [{ provider: alias.provider, model: alias.model }, ...alias.fallbacks]) {
    const provider = snapshot.providers.get(hop.provider);
    if (provider?.enabled) targets.push({ provider, model: hop.model });
  }
  return targets;
}

/**
 * Alias first (exact, then the most specific glob), then `provider/model` where the provider allows
 * direct addressing. An unknown model (400) is refused before a model the key may not use (403).
 */
export function resolveRoute(
  snapshot: RegistrySnapshot,
  requested: string,
  caller: Caller<ApiKey>,
): ResolvedRoute {
  const found = snapshot.aliases.lookup(requested);
  if (found && 'alias' in found) {
    if (!isAllowed(caller, requested, found.alias.name)) {
      throw new GatewayError('permission_error', `This API key may not use the model "${requested}"`);
    }
    const targets = aliasTargets(found.alias, snapshot);
    if (targets.length === 0) {
      throw new GatewayError(
        'invalid_request_error',
        `The alias "${found.alias.name}" points at provider "${found.alias.provider}", which is disabled or missing`,
        { field: 'model' },
      );
    }
    return { requested, alias: found.alias, targets };
  }

  const slash = requested.indexOf('/');
  if (!found && slash > 0) {
    const provider = snapshot.providers.get(requested.slice(0, slash));
    if (provider?.enabled && provider.allowDirect) {
      if (!isAllowed(caller, requested, requested)) {
        throw new GatewayError('permission_error', `This API key may not use the model "${requested}"`);
      }
      return { requested, alias: undefined, targets: [{ provider, model: requested.slice(slash + 1) }] };
    }
  }

  const why = found ? `The model alias "${requested}" is disabled.` : `Unknown model "${requested}".`;
  throw unknownModel(snapshot, caller, why);
}
