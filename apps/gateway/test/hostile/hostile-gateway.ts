import type { Engine } from '@aurora/db';
import type { AuroraConfig } from '../../src/config/schema.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/** The hostile cases run on real Postgres when TEST_DATABASE_URL is set (CI), else on PGlite. */
export const hostileEngine: Engine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export function startHostileGateway(
  overrides: Partial<Record<keyof AuroraConfig, unknown>> = {},
): Promise<TestGateway> {
  return startTestGateway(hostileEngine, overrides);
}
