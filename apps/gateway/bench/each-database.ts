// The databases a benchmark runs on: the embedded one, then, with a Postgres at hand
// (TEST_DATABASE_URL), a fresh database of its own there, the production shape with the database
// in its own process. BENCH_DATABASES (e.g. `postgres`) picks some of them.

import { createTestDatabase } from '@aurora/db/testing';

const wanted = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',').map((each) => each.trim());

/** `bench` once per wanted database; `databaseUrl` is undefined for the embedded one. */
export async function onEachDatabase(
  bench: (database: 'pglite' | 'postgres', databaseUrl?: string) => Promise<void>,
) {
  if (wanted.includes('pglite')) await bench('pglite');
  if (!process.env.TEST_DATABASE_URL || !wanted.includes('postgres')) return;
  const postgres = await createTestDatabase('postgres', { migrated: false });
  try {
    await bench('postgres', postgres.openOptions.databaseUrl);
  } finally {
    await postgres.dispose();
  }
}
