import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Database, migrate, openDatabase } from '@aurora/db';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { applyConfigEntries } from './config/apply-config.js';
import { masterKeyProblem, resolveMasterKey } from './config/master-key.js';
import type { AuroraConfig } from './config/schema.js';
import { ensureDataDir } from './data-dir.js';
import { claimDataDir, DataDirBusyError, type DataDirClaim } from './data-dir-owner.js';
import { guardProcess } from './process-guard.js';
import { createUpstreamClient } from './providers/transport/upstream-client.js';
import { createRegistry, type Registry } from './registry/registry.js';
import { registerRegistryMetrics } from './registry/registry-metrics.js';
import { resealProviderSecrets } from './secrets/rotate-secrets.js';
import { createSecretBox, deriveEncryptionKey } from './secrets/secret-box.js';
import { listen } from './server.js';
import { masterKeyBanner, restartLine } from './startup-banner.js';
import { StartupError } from './startup-error.js';
import { createMetrics } from './usage/metrics.js';
import { type RunningUsage, startUsageServices } from './usage/usage-services.js';

/** Built SPA: next to the bundle in dist/ui, or the admin app's own dist when running from source. */
function findUiDir(): string | undefined {
  const candidates = [new URL('./ui/', import.meta.url), new URL('../../admin/dist/', import.meta.url)];
  return candidates.map((url) => fileURLToPath(url)).find((dir) => existsSync(`${dir}/index.html`));
}

/** Waits for `work` at most `ms`; 'late' when it is still running then (it is left to finish alone). */
async function settleWithin(work: Promise<void>, ms: number): Promise<'done' | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Gateway {
  url: string;
  port: number;
  database: Database;
  registry: Registry;
  usage: RunningUsage;
  masterKey: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  /** Where the generated-key banner goes (stdout in the CLI). */
  print?: (text: string) => void;
  /**
   * Process-wide handlers for what escapes (the CLI's `serve`); `exit` ends the process on an
   * uncaught exception that is not a connection error.
   */
  guardProcess?: { exit(code: number): void };
}

/** Reads nothing itself: opens the database, migrates, builds the app and listens. */
export async function startGateway(config: AuroraConfig, options: StartOptions): Promise<Gateway> {
  const { logger, print } = options;
  const keyProblem = masterKeyProblem(config);
  if (keyProblem) throw new StartupError(keyProblem);
  if (!config.database_url || !config.master_key) ensureDataDir(config.data_dir);
  const master = resolveMasterKey(config.master_key, config.data_dir);

  // Seals with encryption_key; opens with it or previous_encryption_key (a rolling rotation).
  const secrets = createSecretBox(
    deriveEncryptionKey(config.encryption_key, master.key),
    config.previous_encryption_key ? [deriveEncryptionKey(config.previous_encryption_key, master.key)] : [],
  );

  const claim = config.database_url ? undefined : claimEmbeddedDatabase(config.data_dir);
  // From the first connection on: postgres.js may leave a dropped connection's promise unhandled.
  const metrics = createMetrics();
  const unguard = options.guardProcess
    ? guardProcess(logger, metrics.escapedErrors, options.guardProcess.exit)
    : undefined;
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.database_url, dataDir: config.data_dir });
  } catch (error) {
    claim?.release();
    unguard?.();
    throw error;
  }
  let registry: Registry | undefined;
  let usage: RunningUsage | undefined;
  try {
    await migrate(database);
    // Both write through the triggers that bump the registry revision: running instances follow.
    if (config.previous_encryption_key) {
      const moved = await resealProviderSecrets(database, secrets);
      logger.info({ moved, key_id: secrets.keyId }, 'provider secrets re-encrypted under encryption_key');
    }
    await applyConfigEntries(database, config, secrets);
    registry = await createRegistry(database, secrets, logger, {
      syncIntervalMs: config.registry_sync_interval_ms,
    });
    usage = await startUsageServices(database, config, logger, metrics);
    registerRegistryMetrics(usage.metrics.registry, registry.status);
    const upstream = createUpstreamClient({
      connectTimeoutMs: config.connect_timeout_ms,
      firstByteTimeoutMs: config.first_byte_timeout_ms,
      idleTimeoutMs: config.idle_timeout_ms,
    });
    const app = createApp({
      config,
      logger,
      database,
      registry,
      secrets,
      upstream,
      usage,
      masterKey: master.key,
      uiDir: findUiDir(),
    });
    const running = await listen(app, config.port, config.host);
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${shownHost}:${running.port}`;
    logger.info({ url, engine: database.engine }, 'aurora gateway listening');
    claim?.announce(url);
    print?.(
      master.generated && master.path
        ? masterKeyBanner({
            masterKey: master.key,
            keyPath: master.path,
            baseUrl: url,
            aliases: registry.current().aliases.all,
            autoModeJudge: config.auto_mode_judge !== undefined,
          })
        : restartLine(url, master.path),
    );

    return {
      url,
      port: running.port,
      database,
      registry,
      usage,
      masterKey: master.key,
      async stop() {
        // Bounded end to end: the HTTP drain gets shutdown_timeout_ms, then each closing step its
        // own share of less than 2 s more, so a database that stops answering cannot hold the exit.
        // Request logs that cannot be written in their share wait in the spool file for the next start.
        const drainMs = config.shutdown_timeout_ms;
        const steps: [string, () => Promise<void>, number][] = [
          ['http server', () => running.close(drainMs), drainMs + 100],
          ['upstream connections', () => upstream.close(), 200],
          ['request logs', () => usage!.stop(700), 900],
          ['registry', () => registry!.stop(), 200],
          ['database', () => database.close(), 400],
          ['process handlers', async () => unguard?.(), 100],
          ['data_dir claim', async () => claim?.release(), 100],
        ];
        let failed: unknown;
        for (const [what, step, limitMs] of steps) {
          try {
            const outcome = await settleWithin(step(), limitMs);
            if (outcome === 'late')
              logger.warn({ limit_ms: limitMs }, `shutdown: gave up waiting for the ${what}`);
          } catch (error) {
            logger.error({ err: error }, `shutdown: closing the ${what} failed`);
            failed ??= error;
          }
        }
        if (failed) throw failed;
      },
    };
  } catch (error) {
    unguard?.();
    await usage?.stop();
    await registry?.stop();
    await database.close();
    claim?.release();
    throw error;
  }
}

function claimEmbeddedDatabase(dataDir: string): DataDirClaim {
  try {
    return claimDataDir(dataDir, 'serve');
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error;
    throw new StartupError(
      `${error.message}${error.owner.url ? `, serving ${error.owner.url}` : ''}: stop that process first, or give this gateway its own AURORA_DATA_DIR (or a shared DATABASE_URL)`,
    );
  }
}
