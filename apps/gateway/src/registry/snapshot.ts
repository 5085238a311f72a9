import type { ApiKey, ModelAlias, Provider } from '@aurora/db';
import { type Quirks, resolveQuirks } from '@aurora/translate';
import type { SecretBox } from '../secrets/secret-box.js';
import { type AliasIndex, buildAliasIndex } from './alias-index.js';

/** A provider as the hot path needs it: secret decrypted, quirks resolved once. */
export interface RuntimeProvider {
  id: string;
  name: string;
  kind: Provider['kind'];
  baseUrl: string;
  apiKey: string | undefined;
  /**
   * Why the stored API key could not be decrypted here. Such a provider is never called: a request
   * without its key would fail upstream in a way that hides the cause.
   */
  secretError?: string;
  headers: Record<string, string>;
  quirks: Quirks;
  allowDirect: boolean;
  enabled: boolean;
}

/** An immutable view of everything a request consults; swapped whole when something changes. */
export interface RegistrySnapshot {
  providers: ReadonlyMap<string, RuntimeProvider>;
  aliases: AliasIndex<ModelAlias>;
  keysByHash: ReadonlyMap<string, ApiKey>;
}

export interface SnapshotRows {
  providers: Provider[];
  aliases: ModelAlias[];
  keys: ApiKey[];
}

export type SnapshotProblem = (provider: string, message: string) => void;

export function toRuntimeProvider(
  row: Provider,
  secrets: SecretBox,
  problem: SnapshotProblem,
): RuntimeProvider {
  let apiKey: string | undefined;
  let secretError: string | undefined;
  if (row.api_key_encrypted) {
    try {
      apiKey = secrets.open(row.api_key_encrypted);
    } catch (error) {
      secretError = `the API key of provider "${row.name}" cannot be decrypted by this gateway: ${(error as Error).message}`;
      problem(row.name, secretError);
    }
  }
  let quirks: Quirks;
  try {
    quirks = resolveQuirks(row.preset, row.quirks);
  } catch (error) {
    problem(row.name, `quirks ignored: ${(error as Error).message}`);
    quirks = resolveQuirks(undefined, undefined);
  }
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.base_url.replace(/\/+$/, ''),
    apiKey,
    secretError,
    headers: row.headers,
    quirks,
    allowDirect: row.allow_direct,
    enabled: row.enabled,
  };
}

export function buildSnapshot(
  rows: SnapshotRows,
  secrets: SecretBox,
  problem: SnapshotProblem,
): RegistrySnapshot {
  return {
    providers: new Map(rows.providers.map((row) => [row.name, toRuntimeProvider(row, secrets, problem)])),
    aliases: buildAliasIndex(rows.aliases),
    keysByHash: new Map(rows.keys.map((key) => [key.key_hash, key])),
  };
}
