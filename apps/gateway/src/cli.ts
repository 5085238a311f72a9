#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { migrate, openDatabase } from '@aurora/db';
import { checkHealth } from './cli/health-check.js';
import { keyCommandsUsage, runKeyCommand } from './cli/key-commands.js';
import { CliError } from './cli/key-store.js';
import { loadConfig } from './config/load.js';
import { ensureDataDir } from './data-dir.js';
import { claimDataDir, DataDirBusyError, type DataDirClaim } from './data-dir-owner.js';
import { GatewayError } from './errors/gateway-error.js';
import { createLogger } from './logger.js';
import { type Gateway, startGateway } from './main.js';
import { StartupError } from './startup-error.js';

const usage = `Usage: aurora [command]

Commands:
  serve     start the gateway (default)
  migrate   apply database migrations and exit
  health    exit 0 when the gateway this configuration describes answers /health (container check)
${keyCommandsUsage}

Configuration: aurora.yaml in the working directory (or AURORA_CONFIG), overridden by AURORA_* env vars.`;

async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.log_level);
  // The handlers go in before the start, not after it: whoever sees the listening line may signal at
  // once, and a signal with no handler kills the process mid-write to the embedded database. A signal
  // during the start stops the gateway as soon as it stands; a second one gives up waiting.
  let gateway: Gateway | undefined;
  let stopping = false;
  const stop = (running: Gateway) =>
    running.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  const shutdown = (signal: string) => {
    if (stopping && !gateway) {
      logger.warn({ signal }, 'shutting down: not waiting for the start to finish');
      process.exit(1);
    }
    if (stopping) return;
    stopping = true;
    if (!gateway) {
      logger.info({ signal }, 'shutting down as soon as the start finishes');
      return;
    }
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    void stop(gateway);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  gateway = await startGateway(config, {
    logger,
    print: (text) => process.stdout.write(`${text}\n`),
    guardProcess: { exit: (code) => process.exit(code) },
  });
  if (stopping) {
    logger.info('shutting down: the start has finished');
    await stop(gateway);
  }
}

async function migrateOnly(): Promise<void> {
  const config = loadConfig();
  let claim: DataDirClaim | undefined;
  if (!config.database_url) {
    ensureDataDir(config.data_dir);
    try {
      claim = claimDataDir(config.data_dir, 'migrate');
    } catch (error) {
      // A running gateway has applied its migrations at start already.
      if (error instanceof DataDirBusyError) throw new StartupError(`${error.message}: it migrated at start`);
      throw error;
    }
  }
  try {
    const database = await openDatabase({ databaseUrl: config.database_url, dataDir: config.data_dir });
    try {
      await migrate(database);
      process.stdout.write(`migrations applied (${database.engine})\n`);
    } finally {
      await database.close();
    }
  } finally {
    claim?.release();
  }
}

async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0] ?? 'serve';
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate':
      return migrateOnly();
    case 'health': {
      const problem = await checkHealth(loadConfig());
      if (problem) throw new StartupError(problem);
      return;
    }
    case 'keys':
    case 'aliases':
      return runKeyCommand(argv, loadConfig(), (text) => process.stdout.write(`${text}\n`));
    default:
      throw new StartupError(`unknown command "${command}"; run aurora --help`);
  }
}

run(process.argv.slice(2)).catch((error: Error) => {
  const known =
    error instanceof StartupError ||
    error instanceof CliError ||
    error instanceof GatewayError ||
    error.name === 'DatabaseStartupError';
  process.stderr.write(`aurora: ${known ? error.message : (error.stack ?? error.message)}\n`);
  process.exit(1);
});
