import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One member of a tar archive: a directory, or a file with its bytes. */
export interface TarEntry {
  path: string;
  type: 'file' | 'directory';
  mode: number;
  data: Uint8Array;
}

const BLOCK = 512;
const text = (block: Uint8Array, start: number, length: number) => {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
};
const octal = (block: Uint8Array, start: number, length: number) =>
  Number.parseInt(text(block, start, length).trim() || '0', 8);

/**
 * The members of an uncompressed ustar archive, as PGlite's `dumpDataDir` writes them: directories and
 * regular files with absolute paths inside the cluster. Anything else (links, a path leaving the
 * cluster) is refused: the archive is a cluster we made, and anything else means it is not.
 */
export function* tarEntries(archive: Uint8Array): Generator<TarEntry> {
  for (let offset = 0; offset + BLOCK <= archive.length; ) {
    const header = archive.subarray(offset, offset + BLOCK);
    // Two zero blocks end the archive; one is enough to know.
    if (header.every((byte) => byte === 0)) return;
    const name = text(header, 0, 100);
    const prefix = text(header, 345, 155);
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^\/+/, '').replace(/\/+$/, '');
    const size = octal(header, 124, 12);
    const flag = String.fromCharCode(header[156]!);
    if (path.split('/').includes('..')) throw new Error(`tar member ${path} leaves the cluster`);
    if (flag !== '0' && flag !== '\0' && flag !== '5')
      throw new Error(`tar member ${path} is of type ${flag}`);
    const start = offset + BLOCK;
    yield {
      path,
      type: flag === '5' ? 'directory' : 'file',
      mode: octal(header, 100, 8),
      data: archive.subarray(start, start + size),
    };
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
}

/** Writes the members of `archive` (an uncompressed tar) under `target`. */
export function extractTar(archive: Uint8Array, target: string): void {
  for (const entry of tarEntries(archive)) {
    const path = join(target, entry.path);
    if (entry.type === 'directory') {
      mkdirSync(path, { recursive: true, mode: entry.mode });
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, entry.data, { mode: entry.mode });
    }
  }
}
