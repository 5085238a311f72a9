import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { extractTarGz, readTarHeader } from './cluster-tarball';
import { migrate } from './migrate';

/** One ustar header with the given name and type flag, and no data. */
function header(name: string, flag: string): Uint8Array {
  const block = new Uint8Array(512);
  const put = (value: string, at: number) => block.set(new TextEncoder().encode(value), at);
  put(name, 0);
  put('0000644', 100);
  put('00000000000', 124);
  put(flag, 156);
  put('ustar', 257);
  return block;
}

describe('a cluster tarball', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'aurora-tarball-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('written out from what PGlite dumps, opens as the embedded database', async () => {
    const fresh = await PGlite.create();
    const dump = await fresh.dumpDataDir('gzip');
    await fresh.close();
    const tarball = join(dataDir, 'cluster.tgz');
    await writeFile(tarball, new Uint8Array(await dump.arrayBuffer()));
    await extractTarGz(tarball, join(dataDir, 'pgdata'));
    const database = await openDatabase({ dataDir });
    try {
      expect(await migrate(database)).toBeGreaterThan(0);
      await expect(database.ping()).resolves.toBeUndefined();
    } finally {
      await database.close();
    }
  });

  it('refuses a member that would land outside the cluster, or that is not a file or directory', () => {
    expect(() => readTarHeader(header('/../escape', '0'))).toThrow('leaves the cluster');
    expect(() => readTarHeader(header('/base/link', '2'))).toThrow('is of type 2');
    expect(readTarHeader(header('/base', '5'))).toMatchObject({ path: 'base', type: 'directory' });
    expect(readTarHeader(new Uint8Array(512))).toBeUndefined();
  });
});
