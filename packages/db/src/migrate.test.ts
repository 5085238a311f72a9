import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './client';
import { openDatabase } from './client';
import { defaultMigrationsFolder, migrate } from './migrate';
import { createTestDatabase, type TestDatabase, testEngines } from './testing';

async function tableNames(database: Database): Promise<string[]> {
  const rows = await database.db
    .select({ name: sql<string>`table_schema || '.' || table_name` })
    .from(sql`information_schema.tables`)
    .where(sql`table_schema in ('public', 'drizzle')`)
    .orderBy(sql`1`);
  return rows.map((r) => r.name);
}

async function ledgerRows(database: Database): Promise<number> {
  const [row] = await database.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(sql`drizzle.__drizzle_migrations`);
  return row?.n ?? 0;
}

/** Writes a drizzle-kit shaped migrations folder from [tag, sql] pairs. */
async function writeMigrationsFolder(dir: string, migrations: [tag: string, sql: string][]) {
  await mkdir(join(dir, 'meta'), { recursive: true });
  const entries = migrations.map(([tag], idx) => ({
    idx,
    version: '7',
    when: 1_700_000_000_000 + idx,
    tag,
    breakpoints: true,
  }));
  await writeFile(
    join(dir, 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries }),
  );
  for (const [tag, text] of migrations) await writeFile(join(dir, `${tag}.sql`), text);
}

describe('defaultMigrationsFolder', () => {
  it('finds the committed drizzle folder from source', () => {
    expect(defaultMigrationsFolder()).toMatch(/packages\/db\/drizzle\/$/);
  });
});

describe.each(testEngines())('migrate on %s', (engine) => {
  let scratch: string;
  const opened: TestDatabase[] = [];
  const fresh = async () => {
    const t = await createTestDatabase(engine, { migrated: false });
    opened.push(t);
    return t;
  };
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'aurora-db-migrate-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((t) => t.dispose()));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('creates every table and records each migration once, and a second run applies nothing', async () => {
    const { database } = await fresh();
    const applied = await migrate(database);
    expect(applied).toBeGreaterThan(0);
    expect(await tableNames(database)).toEqual([
      'drizzle.__drizzle_migrations',
      'public.api_keys',
      'public.model_aliases',
      'public.providers',
      'public.registry_revision',
      'public.request_logs',
    ]);
    expect(await ledgerRows(database)).toBe(applied);
    expect(await migrate(database)).toBe(0);
    expect(await ledgerRows(database)).toBe(applied);
  });

  it('leaves no table and no ledger behind when a migration fails half-way', async () => {
    const { database } = await fresh();
    const folder = join(scratch, `bad-${engine}`);
    await writeMigrationsFolder(folder, [
      ['0000_good', 'create table first_table (id int);'],
      [
        '0001_bad',
        'create table second_table (id int);\n--> statement-breakpoint\nselect * from no_such_table;',
      ],
    ]);
    await expect(migrate(database, { migrationsFolder: folder })).rejects.toThrow();
    expect(await tableNames(database)).toEqual([]);
  });

  it('names the folder when it holds no migrations journal', async () => {
    const { database } = await fresh();
    await expect(migrate(database, { migrationsFolder: scratch })).rejects.toThrow(
      `cannot read the database migrations in ${scratch}: `,
    );
  });

  it('applies only the migrations newer than the last one applied', async () => {
    const { database } = await fresh();
    const folder = join(scratch, `grow-${engine}`);
    await writeMigrationsFolder(folder, [['0000_a', 'create table a (id int);']]);
    expect(await migrate(database, { migrationsFolder: folder })).toBe(1);
    await writeMigrationsFolder(folder, [
      ['0000_a', 'create table a (id int);'],
      ['0001_b', 'create table b (id int);'],
    ]);
    expect(await migrate(database, { migrationsFolder: folder })).toBe(1);
    expect(await tableNames(database)).toEqual(['drizzle.__drizzle_migrations', 'public.a', 'public.b']);
  });

  it.skipIf(engine === 'pglite')(
    'lets two instances migrate at once without applying anything twice',
    async () => {
      const t = await fresh();
      const other = await openDatabase(t.openOptions);
      try {
        const counts = await Promise.all([migrate(t.database), migrate(other)]);
        expect(counts.filter((n) => n > 0)).toHaveLength(1);
        expect(await ledgerRows(t.database)).toBe(Math.max(...counts));
      } finally {
        await other.close();
      }
    },
  );
});
