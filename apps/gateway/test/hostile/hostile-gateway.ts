import type { Engine } from '@aurora/db';
import postgres from 'postgres';
import type { AuroraConfig } from '../../src/config/schema.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/** The hostile cases run on real Postgres when TEST_DATABASE_URL is set (CI), else on PGlite. */
export const hostileEngine: Engine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export function startHostileGateway(
  overrides: Partial<Record<keyof AuroraConfig, unknown>> = {},
  options: Parameters<typeof startTestGateway>[2] = {},
): Promise<TestGateway> {
  return startTestGateway(hostileEngine, overrides, options);
}

/** Rows in request_logs, counted on the gateway's database directly. */
export async function countLogRows(databaseUrl: string): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ rows: number }[]>`select count(*)::int as rows from request_logs`;
    return row!.rows;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
