import { type Database, listAliases, listApiKeys, listProviders } from '@aurora/db';
import type { Logger } from 'pino';
import type { SecretBox } from '../secrets/secret-box.js';
import { buildSnapshot, type RegistrySnapshot } from './snapshot.js';

/** Postgres NOTIFY channel that tells every instance to reload. */
export const REGISTRY_CHANNEL = 'aurora_registry';

export interface Registry {
  current(): RegistrySnapshot;
  /** Reloads from the database now. */
  refresh(): Promise<void>;
  /** Tells every instance on this database, this one included, that something changed. */
  changed(what: string): Promise<void>;
  stop(): Promise<void>;
}

async function loadSnapshot(
  database: Database,
  secrets: SecretBox,
  logger: Logger,
): Promise<RegistrySnapshot> {
  const [providers, aliases, keys] = await Promise.all([
    listProviders(database.db),
    listAliases(database.db),
    listApiKeys(database.db),
  ]);
  return buildSnapshot({ providers, aliases, keys }, secrets, (provider, message) =>
    logger.warn({ provider }, message),
  );
}

/**
 * In-memory providers, aliases and keys, so that no request waits on the database. Changes arrive as
 * NOTIFY messages; a burst of them costs one reload.
 */
export async function createRegistry(
  database: Database,
  secrets: SecretBox,
  logger: Logger,
): Promise<Registry> {
  let snapshot = await loadSnapshot(database, secrets, logger);
  let reloading: Promise<void> | undefined;
  let again = false;

  const refresh = async (): Promise<void> => {
    if (reloading) {
      again = true;
      return reloading;
    }
    reloading = (async () => {
      do {
        again = false;
        snapshot = await loadSnapshot(database, secrets, logger);
      } while (again);
    })().finally(() => {
      reloading = undefined;
    });
    return reloading;
  };

  const unlisten = await database.listen(REGISTRY_CHANNEL, () => {
    refresh().catch((error) => logger.error({ err: error }, 'registry reload failed'));
  });

  return {
    current: () => snapshot,
    refresh,
    async changed(what) {
      // Reload here before answering, so the admin API's caller sees its own change at once.
      await refresh();
      await database.notify(REGISTRY_CHANNEL, what);
    },
    stop: unlisten,
  };
}
