import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '@aurora/db';
import { createTestDatabase, type TestDatabase, testEngines } from '@aurora/db/testing';
import pino from 'pino';
import { type AuroraConfig, configSchema } from '../../src/config/schema.js';
import { type Gateway, startGateway } from '../../src/main.js';

export { testEngines };

export const TEST_MASTER_KEY = 'sk-aurora-test-master-key-0123456789';

export interface TestGateway {
  gateway: Gateway;
  url: string;
  config: AuroraConfig;
  /** The gateway's own Postgres database, reached directly (not through a test's proxy). */
  databaseUrl?: string;
  /** Stops the gateway and deletes its database. */
  stop(): Promise<void>;
}

/**
 * A real gateway on a loopback port: PGlite in a fresh data_dir, or a Postgres database of its own
 * (from TEST_DATABASE_URL), so test files never share rows.
 */
export async function startTestGateway(
  engine: Engine,
  overrides: Partial<Record<keyof AuroraConfig, unknown>> = {},
  options: { dataDir?: string; databaseUrl?: (url: string) => string } = {},
): Promise<TestGateway> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'aurora-gw-test-'));
  let postgresDb: TestDatabase | undefined;
  if (engine === 'postgres') postgresDb = await createTestDatabase('postgres', { migrated: false });
  const databaseUrl = postgresDb?.openOptions.databaseUrl;
  const config = configSchema.parse({
    port: 0,
    host: '127.0.0.1',
    master_key: TEST_MASTER_KEY,
    data_dir: dataDir,
    database_url: databaseUrl && (options.databaseUrl?.(databaseUrl) ?? databaseUrl),
    log_level: 'silent',
    ...overrides,
  });
  const gateway = await startGateway(config, { logger: pino({ level: 'silent' }) });
  return {
    gateway,
    url: `http://127.0.0.1:${gateway.port}`,
    config,
    databaseUrl,
    async stop() {
      await gateway.stop();
      await postgresDb?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const authHeaders = (token = TEST_MASTER_KEY) => ({ authorization: `Bearer ${token}` });

/** `POST /v1/messages` with a JSON body, as an API client would send it. */
export function postMessages(
  url: string,
  body: unknown,
  token = TEST_MASTER_KEY,
  headers: Record<string, string> = {},
) {
  return fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
