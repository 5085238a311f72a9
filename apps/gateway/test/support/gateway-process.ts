import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliRun, listeningUrl, runCli } from './cli-process.js';
import { TEST_MASTER_KEY } from './gateway.js';

export interface GatewayProcess {
  run: CliRun;
  url: string;
  /** `GET /ready` as JSON. */
  ready(): Promise<{ status: string; registry: { revision: number; synced_ms_ago: number } }>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
}

export interface GatewayProcessOptions {
  databaseUrl: string;
  /** aurora.yaml lines (providers, aliases); none by default. */
  yaml?: string[];
  env?: Record<string, string>;
}

/** The built `aurora serve` as its own process, on a free loopback port, with the test master key. */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const cwd = mkdtempSync(join(tmpdir(), 'aurora-cluster-'));
  writeFileSync(join(cwd, 'aurora.yaml'), (options.yaml ?? []).join('\n'));
  const run = runCli(['serve'], {
    cwd,
    env: {
      AURORA_PORT: '0',
      AURORA_HOST: '127.0.0.1',
      AURORA_MASTER_KEY: TEST_MASTER_KEY,
      AURORA_LOG_LEVEL: 'info',
      DATABASE_URL: options.databaseUrl,
      ...options.env,
    },
  });
  const url = await listeningUrl(run, 60_000);
  return {
    run,
    url,
    ready: async () => (await fetch(`${url}/ready`)).json() as never,
    alive: () => run.child.exitCode === null && run.child.signalCode === null,
    async stop() {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
      return run.exited;
    },
  };
}
