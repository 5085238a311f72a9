import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { type Database, type Engine, type OpenDatabaseOptions, openDatabase } from './client';
import { migrate } from './migrate';

// Test harness shared with other packages' tests (`@aurora/db/testing`): every call gets a database
// of its own, so test files and concurrent runs never see each other's rows.

/** PGlite always; real Postgres too when TEST_DATABASE_URL is set (CI sets it). */
export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  database: Database;
  /** Opens the same database again, e.g. to play a second gateway instance. */
  openOptions: OpenDatabaseOptions;
  /** Closes the handle and deletes the database (Postgres) or its directory (PGlite). */
  dispose(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Apply the committed migrations first (default true). */
  migrated?: boolean;
}

export async function createTestDatabase(
  engine: Engine,
  { migrated = true }: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const created = engine === 'pglite' ? await createPglite() : await createPostgres();
  if (migrated) {
    try {
      await migrate(created.database);
    } catch (error) {
      await created.dispose();
      throw error;
    }
  }
  return created;
}

async function createPglite(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aurora-db-test-'));
  const openOptions = { dataDir };
  const database = await openDatabase(openOptions);
  return {
    database,
    openOptions,
    dispose: async () => {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set; testEngines() leaves postgres out then');
  const name = `aurora_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const openOptions = { databaseUrl: url.toString(), dataDir: tmpdir() };
  const dropDatabase = async () => {
    // FORCE ends connections a test may have left open (Postgres 13+).
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  let database: Database;
  try {
    database = await openDatabase(openOptions);
  } catch (error) {
    await dropDatabase();
    throw error;
  }
  return {
    database,
    openOptions,
    dispose: async () => {
      await database.close();
      await dropDatabase();
    },
  };
}
