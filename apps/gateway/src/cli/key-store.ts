import type { Alias, ApiKey, KeyBody } from '@aurora/contract';

/** What the `aurora keys` / `aurora aliases` commands need, over the admin API or the database. */
export interface KeyStore {
  /** Where the answers come from, for the user. */
  describe: string;
  createKey(body: KeyBody): Promise<ApiKey & { key: string }>;
  listKeys(): Promise<ApiKey[]>;
  revokeKey(id: string): Promise<ApiKey>;
  listAliases(): Promise<Alias[]>;
  close(): Promise<void>;
}

/** A refusal the user can act on, printed as one line. */
export class CliError extends Error {
  override name = 'CliError';
}
