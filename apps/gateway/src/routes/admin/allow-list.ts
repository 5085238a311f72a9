import { isGlob, matchesAny } from '@aurora/contract';
import { GatewayError } from '../../errors/gateway-error.js';

/**
 * Refuses an allow-list entry that names no alias or whose glob matches none: a key limited to it
 * could never make a request, and nothing would say why.
 */
export function checkAllowList(entries: readonly string[] | null | undefined, aliasNames: readonly string[]) {
  entries?.forEach((entry, index) => {
    if (aliasNames.some((name) => matchesAny(name, [entry]))) return;
    const what = isGlob(entry)
      ? `The pattern "${entry}" matches no alias`
      : `There is no alias named "${entry}"`;
    throw new GatewayError('invalid_request_error', `${what}: create the alias first, or correct the entry`, {
      field: `allowed_aliases.${index}`,
    });
  });
}
