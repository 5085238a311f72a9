import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { extractTarGz } from './cluster-tarball';
import { migrate } from './migrate';

/** One ustar member (header, data, padding) with the given name, type flag and content. */
function member(name: string, flag: string, content = '', linkTo = ''): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0);
  block.write('0000644\0', 100);
  block.write('0000000\0', 108);
  block.write('0000000\0', 116);
  block.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  block.write('00000000000\0', 136);
  block.write(flag, 156);
  block.write(linkTo, 157);
  block.write('ustar\u000000', 257);
  block.write('        ', 148);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const data = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  data.write(content);
  return Buffer.concat([block, data]);
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

  it('skips links, and refuses a member leaving the cluster or an archive cut short', async () => {
    const gzipped = async (name: string, ...members: Buffer[]) => {
      const path = join(dataDir, name);
      await writeFile(path, gzipSync(Buffer.concat(members)));
      return path;
    };
    const end = Buffer.alloc(1024);

    const linked = join(dataDir, 'linked');
    const withLink = await gzipped(
      'link.tgz',
      member('/base/', '5'),
      member('/base/link', '2', '', '/etc/passwd'),
      member('/base/kept', '0', 'in'),
      end,
    );
    await extractTarGz(withLink, linked);
    expect(await readFile(join(linked, 'base', 'kept'), 'utf8')).toBe('in');
    expect(existsSync(join(linked, 'base', 'link'))).toBe(false);

    const escaping = await gzipped('escape.tgz', member('/../escape', '0', 'out'), end);
    await expect(extractTarGz(escaping, join(dataDir, 'escaped', 'pgdata'))).rejects.toThrow("contains '..'");
    expect(existsSync(join(dataDir, 'escaped', 'escape'))).toBe(false);

    const cut = await gzipped('cut.tgz', member('/big', '0', 'x'.repeat(2000)).subarray(0, 900));
    await expect(extractTarGz(cut, join(dataDir, 'cut'))).rejects.toThrow(/TAR_BAD_ARCHIVE/);
  });
});
