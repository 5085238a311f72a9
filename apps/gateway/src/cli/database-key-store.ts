import type { KeyBody } from '@aurora/contract';
import {
  createApiKey,
  type Database,
  listAliases,
  listApiKeys,
  migrate,
  monthlySpendByKey,
  openDatabase,
  revokeApiKey,
} from '@aurora/db';
import type { AuroraConfig } from '../config/schema.js';
import { ensureDataDir } from '../data-dir.js';
import { claimDataDir } from '../data-dir-owner.js';
import { REGISTRY_CHANNEL } from '../registry/registry.js';
import { aliasView } from '../routes/admin/aliases.js';
import { checkAllowList } from '../routes/admin/allow-list.js';
import { checkJudgeAlias } from '../routes/admin/judge-alias.js';
import { apiKeyView } from '../routes/admin/keys.js';
import { CliError, type KeyStore } from './key-store.js';

/** The database itself, for when no gateway is running (the same views the admin API answers). */
export async function databaseKeyStore(config: AuroraConfig): Promise<KeyStore> {
  // Throws DataDirBusyError when a gateway (or another command) holds the embedded database.
  if (!config.database_url) ensureDataDir(config.data_dir);
  const claim = config.database_url ? undefined : claimDataDir(config.data_dir, 'keys');
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.database_url, dataDir: config.data_dir });
    await migrate(database);
  } catch (error) {
    claim?.release();
    throw new CliError(`cannot open the database either: ${(error as Error).message}`);
  }
  // Gateways on the same Postgres reload their keys on this notice.
  const changed = () => database.notify(REGISTRY_CHANNEL, 'keys');
  return {
    describe:
      database.engine === 'pglite'
        ? `the embedded database in ${config.data_dir}`
        : 'the database at database_url',
    async createKey(body: KeyBody) {
      const names = (await listAliases(database.db)).map((alias) => alias.name);
      checkAllowList(body.allowed_aliases, names);
      checkJudgeAlias(body.auto_mode_judge, names);
      const { api_key, key } = await createApiKey(database.db, {
        ...body,
        expires_at: body.expires_at ? new Date(body.expires_at) : undefined,
      });
      await changed();
      return { ...apiKeyView(api_key), key };
    },
    async listKeys() {
      const rows = await listApiKeys(database.db);
      const spend = await monthlySpendByKey(database.db);
      return rows.map((row) => apiKeyView(row, spend.get(row.id)));
    },
    async revokeKey(id) {
      const row = await revokeApiKey(database.db, id);
      if (!row) throw new CliError(`no key with id ${id}`);
      await changed();
      return apiKeyView(row);
    },
    async listAliases() {
      return (await listAliases(database.db)).map(aliasView);
    },
    async close() {
      await database.close();
      claim?.release();
    },
  };
}
