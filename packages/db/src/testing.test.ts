import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { createProvider, listProviders } from './repositories/providers';
import { createTestDatabase, type TestDatabase, testEngines } from './testing';

describe('testEngines', () => {
  it('always includes pglite, and postgres exactly when TEST_DATABASE_URL is set', () => {
    expect(testEngines()).toEqual(process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']);
  });
});

describe.each(testEngines())('createTestDatabase on %s', (engine) => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(engine), createTestDatabase(engine)]);
  });
  afterAll(async () => {
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('gives each caller a migrated database of its own', async () => {
    await createProvider(first.database.db, { name: 'only-in-first', kind: 'openai', base_url: 'http://x' });
    expect((await listProviders(first.database.db)).map((p) => p.name)).toEqual(['only-in-first']);
    expect(await listProviders(second.database.db)).toEqual([]);
  });

  it('removes the database on dispose', async () => {
    const t = await createTestDatabase(engine, { migrated: false });
    await t.dispose();
    if (engine === 'pglite') {
      expect(existsSync(t.openOptions.dataDir)).toBe(false);
    } else {
      await expect(openDatabase(t.openOptions)).rejects.toThrow(/does not exist/);
    }
  });
});
