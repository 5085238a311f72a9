import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MasterKeySource {
  key: string;
  /** True when this start generated the key: the only time it is printed. */
  generated: boolean;
  path?: string;
}

export const MASTER_KEY_FILE = 'master_key';

export function generateSecretKey(): string {
  return `sk-aurora-${randomBytes(32).toString('base64url')}`;
}

/**
 * Refuses to start several instances on one Postgres each with a key of its own: they would not
 * accept each other's admin calls, and secrets sealed by one could not be opened by the others.
 */
export function masterKeyProblem(config: { master_key?: string; database_url?: string }): string | undefined {
  if (config.master_key || !config.database_url) return undefined;
  return 'master_key is not set: a generated master key is for the embedded database only; with database_url, set AURORA_MASTER_KEY (and AURORA_ENCRYPTION_KEY) to the same value on every instance';
}

/**
 * The configured master key, else the one stored in `data_dir`, else a new one stored there with
 * mode 0600. A generated key is a single-node convenience: a cluster sets the same key on every instance.
 */
export function resolveMasterKey(configured: string | undefined, dataDir: string): MasterKeySource {
  if (configured) return { key: configured, generated: false };
  const path = join(dataDir, MASTER_KEY_FILE);
  if (existsSync(path)) {
    const stored = readFileSync(path, 'utf8').trim();
    if (stored) return { key: stored, generated: false, path };
  }
  const key = generateSecretKey();
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'w' });
  chmodSync(path, 0o600);
  return { key, generated: true, path };
}
