import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Database } from './client';

/**
 * Where the committed migrations are: `../drizzle/` next to this package's `src/` when running from
 * source, `./drizzle/` next to the bundle once the gateway build has copied the folder into its dist.
 */
export function defaultMigrationsFolder(): string {
  const candidates = [new URL('./drizzle/', import.meta.url), new URL('../drizzle/', import.meta.url)];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new Error(
    `cannot find the database migrations folder (looked in ${candidates.map((c) => fileURLToPath(c)).join(', ')})`,
  );
}

export interface MigrateOptions {
  migrationsFolder?: string;
}

// Any constant works as long as every Aurora instance uses the same one; this is "aurora" in ASCII.
const MIGRATION_LOCK_KEY = 0x617572_6f7261;

/**
 * Applies pending migrations in a single transaction, so a failure leaves nothing half-migrated, behind
 * a transaction-scoped advisory lock, so instances starting together apply each migration once. The
 * ledger is drizzle's own (`drizzle.__drizzle_migrations`), so drizzle-kit sees the same history.
 * Resolves to the number of migrations applied.
 */
export async function migrate(database: Database, options: MigrateOptions = {}): Promise<number> {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
  let migrations: ReturnType<typeof readMigrationFiles>;
  try {
    migrations = readMigrationFiles({ migrationsFolder });
  } catch (error) {
    throw new Error(
      `cannot read the database migrations in ${migrationsFolder}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    // Created inside the transaction (after the lock) so a failed first run leaves no ledger behind.
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(sql`create table if not exists drizzle.__drizzle_migrations (
      id serial primary key,
      hash text not null,
      created_at bigint
    )`);
    const [last] = await tx
      .select({ created_at: sql<number | null>`max(created_at)`.mapWith(Number) })
      .from(sql`drizzle.__drizzle_migrations`);
    const lastApplied = last?.created_at ?? 0;
    let applied = 0;
    for (const migration of migrations) {
      // Same rule as drizzle's migrator: a migration is pending when it is newer than the last applied.
      if (migration.folderMillis <= lastApplied) continue;
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      );
      applied++;
    }
    return applied;
  });
}
