import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { DatabaseStartupError } from './errors';
import { asPglite, type PgliteThread, startPgliteThread } from './pglite-thread';
import * as schema from './schema';

/** The drizzle handle repositories take: the common base of both engines' drizzle databases. */
export type AuroraDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Engine = 'postgres' | 'pglite';

export interface Database {
  db: AuroraDb;
  engine: Engine;
  /** Resolves when the database answers a query; used by `/ready`. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Subscribes to a Postgres NOTIFY channel; resolves once listening, to a function that stops.
   * `onListen` runs on every (re)subscription: notices sent while the connection was down are lost,
   * so that is when a listener must catch up.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onListen?: () => void,
  ): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Postgres connection URL; when absent, an embedded PGlite in `<dataDir>/pgdata`, on a worker thread. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** How long to wait for Postgres to accept a connection before giving up. */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS)
    : openPglite(options.dataDir);
}

/** The URL as it may appear in messages and logs: the password replaced by `***`. */
export function maskDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable database_url>';
  }
}

// Shutdown paths (signal handler, test dispose) may both close the handle; the second call is a no-op.
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= close();
    return closing;
  };
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function isPostgresUrl(databaseUrl: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(databaseUrl).protocol);
  } catch {
    return false;
  }
}

async function openPostgres(databaseUrl: string, connectTimeoutMs: number): Promise<Database> {
  if (!isPostgresUrl(databaseUrl)) {
    // Not echoed back: a malformed URL may still hold a password we cannot locate to mask.
    throw new DatabaseStartupError('database_url is not a postgres:// or postgresql:// URL');
  }
  const client = postgres(databaseUrl, {
    connect_timeout: connectTimeoutMs / 1000,
    // "relation already exists, skipping" and the like would otherwise go to stdout unstructured.
    onnotice: () => {},
  });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 0 });
    throw new DatabaseStartupError(
      `cannot connect to database_url ${maskDatabaseUrl(databaseUrl)}: ${reasonOf(error) || 'connection failed'}`,
      { cause: error },
    );
  }
  const db = drizzlePostgres({ client, schema }) as unknown as AuroraDb;
  return {
    db,
    engine: 'postgres',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: once(() => client.end({ timeout: 5 })),
    listen: async (channel, onPayload, onListen) => {
      // postgres.js keeps one dedicated connection for LISTEN and re-subscribes after reconnects.
      const { unlisten } = await client.listen(channel, onPayload, onListen);
      return unlisten;
    },
    notify: async (channel, payload) => {
      await client.notify(channel, payload);
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const pgdata = join(dataDir, 'pgdata');
  try {
    await mkdir(pgdata, { recursive: true });
    await access(pgdata, constants.W_OK);
  } catch (error) {
    throw new DatabaseStartupError(`data_dir ${dataDir} is not writable: ${reasonOf(error)}`, {
      cause: error,
    });
  }
  // Loaded only for the embedded database: this driver brings PGlite's whole module (several MB of
  // heap and code), which a gateway on Postgres never uses. Before the thread starts, so
  // that a failed load leaves no database running behind it.
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  let client: PgliteThread;
  try {
    client = await startPgliteThread(pgdata);
  } catch (error) {
    throw new DatabaseStartupError(`cannot open the embedded database in ${pgdata}: ${reasonOf(error)}`, {
      cause: error,
    });
  }
  const db = drizzlePglite({ client: asPglite(client), schema }) as unknown as AuroraDb;
  return {
    db,
    engine: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    close: once(() => client.close()),
    listen: async (channel, onPayload, onListen) => {
      // In this process: the subscription never drops, so it starts once.
      const unlisten = await client.listen(channel, onPayload);
      onListen?.();
      return unlisten;
    },
    notify: async (channel, payload) => {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
  };
}
