import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskDatabaseUrl, openDatabase } from './client';
import { DatabaseStartupError, isUniqueViolation } from './errors';
import { createTestDatabase, type TestDatabase, testEngines } from './testing';

describe('openDatabase start-up errors', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'aurora-db-client-'));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('fails fast with the masked URL when database_url is unreachable', async () => {
    const started = Date.now();
    const opening = openDatabase({
      databaseUrl: 'postgres://aurora:s3cret@127.0.0.1:1/aurora',
      dataDir: scratch,
    });
    const error = await opening.then(
      () => expect.unreachable('openDatabase should have failed'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseStartupError);
    expect((error as Error).message).toMatch(
      /^cannot connect to database_url postgres:\/\/aurora:\*\*\*@127\.0\.0\.1:1\/aurora: ./,
    );
    expect((error as Error).message).not.toContain('s3cret');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('gives up after the connect timeout when nothing answers', async () => {
    // 192.0.2.0/24 is TEST-NET-1: reserved, never routed, so the connection attempt just hangs.
    const started = Date.now();
    const opening = openDatabase({
      databaseUrl: 'postgres://aurora@192.0.2.1:5432/aurora',
      dataDir: scratch,
      connectTimeoutMs: 500,
    });
    await expect(opening).rejects.toThrow(
      /^cannot connect to database_url postgres:\/\/aurora@192\.0\.2\.1:5432\/aurora: /,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a database_url that is not a postgres URL without echoing it', async () => {
    for (const databaseUrl of ['not a url with s3cret', 'mysql://u:s3cret@db/aurora']) {
      const opening = openDatabase({ databaseUrl, dataDir: scratch });
      await expect(opening).rejects.toBeInstanceOf(DatabaseStartupError);
      await expect(opening).rejects.toThrow(/^database_url is not a postgres:\/\/ or postgresql:\/\/ URL$/);
    }
  });

  it('says which data_dir is not writable', async () => {
    const file = join(scratch, 'a-file');
    await writeFile(file, 'not a directory');
    const dataDir = join(file, 'data');
    const opening = openDatabase({ dataDir });
    await expect(opening).rejects.toBeInstanceOf(DatabaseStartupError);
    await expect(opening).rejects.toThrow(`data_dir ${dataDir} is not writable: `);
  });
});

describe('maskDatabaseUrl', () => {
  it('hides the password and keeps everything else', () => {
    expect(maskDatabaseUrl('postgres://u:p%40ss@db.example:6543/aurora?sslmode=require')).toBe(
      'postgres://u:***@db.example:6543/aurora?sslmode=require',
    );
  });

  it('leaves a URL without password as it is', () => {
    expect(maskDatabaseUrl('postgres://u@db/aurora')).toBe('postgres://u@db/aurora');
  });
});

// `execute` answers postgres.js's row array, or PGlite's result with its rows.
const rowsOf = <T>(result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

describe.each(testEngines())('database handle on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.dispose());

  it('reports its engine and answers ping', async () => {
    expect(t.database.engine).toBe(engine);
    await expect(t.database.ping()).resolves.toBeUndefined();
  });

  it('delivers a NOTIFY to a listener and stops after unlisten', async () => {
    const received: string[] = [];
    const unlisten = await t.database.listen('aurora_test_changes', (payload) => received.push(payload));
    await t.database.notify('aurora_test_changes', '{"table":"api_keys"}');
    await expect.poll(() => received, { timeout: 5_000 }).toEqual(['{"table":"api_keys"}']);
    await unlisten();
    await t.database.notify('aurora_test_changes', 'after unlisten');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toEqual(['{"table":"api_keys"}']);
  });

  // PGlite belongs to one process, so only Postgres has a second handle to notify through.
  it.skipIf(engine === 'pglite')(
    'delivers a NOTIFY sent through another handle on the same database',
    async () => {
      const other = await openDatabase(t.openOptions);
      try {
        const received: string[] = [];
        const unlisten = await t.database.listen('aurora_test_cross', (payload) => received.push(payload));
        await other.notify('aurora_test_cross', 'from instance B');
        await expect.poll(() => received, { timeout: 5_000 }).toEqual(['from instance B']);
        await unlisten();
      } finally {
        await other.close();
      }
    },
  );

  it('commits a transaction whole, and rolls all of it back when a statement fails', async () => {
    const { db } = t.database;
    await db.execute(sql`create table tx_probe (name text primary key)`);
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into tx_probe values ('a')`);
      await tx.execute(sql`insert into tx_probe values ('b')`);
    });
    const failed = await db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe values ('c')`);
        await tx.execute(sql`insert into tx_probe values ('a')`);
      })
      .catch((error: unknown) => error);
    // The SQLSTATE survives the way from the database to the caller: repositories map it.
    expect(isUniqueViolation(failed)).toBe(true);
    const names = rowsOf<{ name: string }>(await db.execute(sql`select name from tx_probe order by name`));
    expect(names.map((row) => row.name)).toEqual(['a', 'b']);
  });

  it('keeps what was written once closed, for the next opening of the same database', async () => {
    const extra = await createTestDatabase(engine);
    try {
      await extra.database.db.execute(sql`create table kept (n int)`);
      await extra.database.db.execute(sql`insert into kept values (42)`);
      await extra.database.close();
      const reopened = await openDatabase(extra.openOptions);
      try {
        expect(rowsOf(await reopened.db.execute(sql`select n from kept`))).toEqual([{ n: 42 }]);
      } finally {
        await reopened.close();
      }
    } finally {
      await extra.dispose();
    }
  });

  it('closes so that further queries fail', async () => {
    const extra = await createTestDatabase(engine, { migrated: false });
    await extra.database.close();
    await expect(extra.database.ping()).rejects.toThrow();
    await extra.dispose();
  });
});
