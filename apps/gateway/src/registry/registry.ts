import {
  type Database,
  listAliases,
  listApiKeys,
  listProviders,
  REGISTRY_CHANNEL,
  readRegistryRevision,
} from '@aurora/db';
import type { Logger } from 'pino';
import type { SecretBox } from '../secrets/secret-box.js';
import { retryDelayMs } from './retry-delay.js';
import { buildSnapshot, type RegistrySnapshot } from './snapshot.js';

export { REGISTRY_CHANNEL };

export interface RegistryStatus {
  /** The database's change counter as of the snapshot in memory. */
  revision: number;
  /** When this instance last confirmed (or made) its snapshot current; ms since the epoch. */
  lastSyncAt: number;
  /** Syncs failed in a row (0 when the last one worked). */
  failures: number;
}

export interface Registry {
  current(): RegistrySnapshot;
  status(): RegistryStatus;
  /** Reloads from the database now. */
  refresh(): Promise<void>;
  /**
   * Called after this instance wrote something: reloads before the caller answers, so it sees its own
   * change at once. The write's own transaction already told the other instances (a trigger).
   */
  changed(what: string): Promise<void>;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** How often the revision is compared with the database when nothing else prompts it. */
  syncIntervalMs: number;
  /** A sync that takes longer counts as failed (a hung connection must not stall every later one). */
  syncTimeoutMs?: number;
}

interface Loaded {
  snapshot: RegistrySnapshot;
  revision: number;
}

async function loadSnapshot(database: Database, secrets: SecretBox, logger: Logger): Promise<Loaded> {
  // The revision is read first: the rows read after it are at least that new, never older.
  const revision = await readRegistryRevision(database.db);
  const [providers, aliases, keys] = await Promise.all([
    listProviders(database.db),
    listAliases(database.db),
    listApiKeys(database.db),
  ]);
  const snapshot = buildSnapshot({ providers, aliases, keys }, secrets, (provider, message) =>
    logger.error({ provider }, message),
  );
  return { snapshot, revision };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`registry sync took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * In-memory providers, aliases and keys, so that no request waits on the database, kept equal to the
 * database by its revision: compared on every NOTIFY, on every (re)subscription (notices sent while
 * the connection was down are lost), on a short timer, and after a failed sync with backoff. A burst
 * of prompts costs one sync; a reload happens only when the revision moved.
 */
export async function createRegistry(
  database: Database,
  secrets: SecretBox,
  logger: Logger,
  { syncIntervalMs, syncTimeoutMs = 10_000 }: RegistryOptions,
): Promise<Registry> {
  let loaded = await loadSnapshot(database, secrets, logger);
  let lastSyncAt = Date.now();
  let failures = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let forceNext = false;

  const syncOnce = async (force: boolean) => {
    const revision = await readRegistryRevision(database.db);
    if (force || revision !== loaded.revision) {
      const next = await loadSnapshot(database, secrets, logger);
      // A slow load that lost a race with a newer one must not put older rows back.
      if (next.revision >= loaded.revision) loaded = next;
    }
    lastSyncAt = Date.now();
  };

  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => {
      sync(false).catch(() => {});
    }, delayMs);
    timer.unref();
  };

  const sync = (force: boolean): Promise<void> => {
    forceNext ||= force;
    if (running) {
      // Whatever prompted this may postdate the revision the running sync read: go once more.
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          const forced = forceNext;
          forceNext = false;
          await withTimeout(syncOnce(forced), syncTimeoutMs);
        } while (again && !stopped);
        if (failures > 0) logger.info({ failures }, 'registry sync works again');
        failures = 0;
        schedule(syncIntervalMs);
      } catch (error) {
        failures++;
        // Logged on the first failure and then now and then: an outage must not flood the log.
        if (failures === 1 || failures % 50 === 0) {
          logger.warn(
            { err: error, failures },
            'registry sync failed; serving the registry loaded last and retrying',
          );
        }
        schedule(retryDelayMs(failures, 50, syncIntervalMs));
        throw error;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const syncQuietly = () => {
    sync(false).catch(() => {});
  };

  const unlisten = await database.listen(REGISTRY_CHANNEL, syncQuietly, syncQuietly);
  schedule(syncIntervalMs);

  return {
    current: () => loaded.snapshot,
    status: () => ({ revision: loaded.revision, lastSyncAt, failures }),
    refresh: () => sync(true),
    async changed(what) {
      try {
        await sync(true);
      } catch (error) {
        // The write itself succeeded; the retry is already scheduled.
        logger.debug({ err: error, what }, 'reload after a write failed');
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await unlisten();
    },
  };
}
