import type { ApiKey } from '@aurora/contract';
import { CliError } from './key-store.js';

/**
 * The key a person means by `reference`: its id, its name, or its display prefix (or the start of
 * the full key). Revoked keys count only when nothing else matches, so that a name reused after a
 * revocation still means the live key.
 */
export function findKey(keys: readonly ApiKey[], reference: string): ApiKey {
  const wanted = reference.trim();
  const byId = keys.find((key) => key.id === wanted);
  if (byId) return byId;
  const matches = keys.filter(
    (key) =>
      key.name === wanted ||
      key.prefix === wanted ||
      (wanted.length >= key.prefix.length && wanted.startsWith(key.prefix)),
  );
  const live = matches.filter((key) => !key.revoked_at);
  const candidates = live.length > 0 ? live : matches;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0)
    throw new CliError(`no key has the id, name or prefix "${wanted}" (see aurora keys list)`);
  throw new CliError(
    `"${wanted}" matches ${candidates.length} keys (${candidates.map((key) => key.id).join(', ')}): give the id instead`,
  );
}
