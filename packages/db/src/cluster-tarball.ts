import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';

/** A member of a tar archive as its header describes it. */
export interface TarHeader {
  path: string;
  type: 'file' | 'directory';
  mode: number;
  size: number;
}

const TAR_BLOCK = 512;

const text = (block: Uint8Array, start: number, length: number) => {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
};
const octal = (block: Uint8Array, start: number, length: number) =>
  Number.parseInt(text(block, start, length).trim() || '0', 8);

/**
 * Reads one ustar header block, as PGlite's `dumpDataDir` writes them: directories and regular files
 * with absolute paths inside the cluster; undefined for the zero block that ends the archive. Anything
 * else (links, a path leaving the cluster) is refused: the archive is a cluster we made, or it is not.
 */
export function readTarHeader(block: Uint8Array): TarHeader | undefined {
  if (block.every((byte) => byte === 0)) return undefined;
  const name = text(block, 0, 100);
  const prefix = text(block, 345, 155);
  const path = (prefix ? `${prefix}/${name}` : name).replace(/^\/+/, '').replace(/\/+$/, '');
  const flag = String.fromCharCode(block[156]!);
  if (path.split('/').includes('..')) throw new Error(`tar member ${path} leaves the cluster`);
  if (flag !== '0' && flag !== '\0' && flag !== '5') throw new Error(`tar member ${path} is of type ${flag}`);
  return {
    path,
    type: flag === '5' ? 'directory' : 'file',
    mode: octal(block, 100, 8),
    size: octal(block, 124, 12),
  };
}

/**
 * Writes the members of a gzipped tar under `target` as the bytes stream in, so that no more than a
 * chunk is held: the cluster is ~40 MB unpacked, which in one buffer would stay in RSS until a GC.
 */
export async function extractTarGz(archive: string, target: string): Promise<void> {
  let pending: Uint8Array = new Uint8Array(0);
  // Bytes still owed to the member being written (into `fd`), then the padding to skip after it.
  let fd: number | undefined;
  let owed = 0;
  let padding = 0;
  try {
    for await (const chunk of createReadStream(archive).pipe(createGunzip()) as AsyncIterable<Uint8Array>) {
      const bytes = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let offset = 0;
      while (offset < bytes.length) {
        if (owed > 0) {
          const take = Math.min(owed, bytes.length - offset);
          writeSync(fd!, bytes, offset, take);
          offset += take;
          owed -= take;
          if (owed === 0) closeSync(fd!);
        } else if (padding > 0) {
          const skip = Math.min(padding, bytes.length - offset);
          offset += skip;
          padding -= skip;
        } else if (bytes.length - offset < TAR_BLOCK) {
          break;
        } else {
          const header = readTarHeader(bytes.subarray(offset, offset + TAR_BLOCK));
          offset += TAR_BLOCK;
          if (!header) return;
          const path = join(target, header.path);
          if (header.type === 'directory') {
            mkdirSync(path, { recursive: true, mode: header.mode });
            continue;
          }
          mkdirSync(dirname(path), { recursive: true });
          fd = openSync(path, 'w', header.mode);
          owed = header.size;
          padding = (TAR_BLOCK - (header.size % TAR_BLOCK)) % TAR_BLOCK;
          if (owed === 0) closeSync(fd);
        }
      }
      pending = bytes.subarray(offset);
    }
  } finally {
    if (owed > 0) closeSync(fd!);
  }
  if (owed > 0 || pending.length > 0) throw new Error(`${archive} ends in the middle of a member`);
}
