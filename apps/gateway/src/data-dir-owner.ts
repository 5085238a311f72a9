import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The embedded database may be opened by one process only: PGlite takes no lock of its own, and a
 * second opener works on a stale copy whose writes are lost. The owner (a gateway, or the CLI when no
 * gateway runs) holds this file in `data_dir`; a gateway also records where it listens, so that the
 * CLI finds it whatever port it was given.
 */
export const OWNER_FILE = 'owner.json';

const ownerSchema = z.object({
  pid: z.number().int().positive(),
  command: z.string(),
  started_at: z.string(),
  url: z.string().optional(),
});
export type DataDirOwner = z.infer<typeof ownerSchema>;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live process holding `dataDir`, if any; a file left by a dead process counts as none. */
export function readDataDirOwner(dataDir: string): DataDirOwner | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, OWNER_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const owner = ownerSchema.safeParse(json);
  if (!owner.success || !isAlive(owner.data.pid)) return undefined;
  return owner.data;
}

export interface DataDirClaim {
  /** Records the URL this process serves on, for the CLI to find. */
  announce(url: string): void;
  release(): void;
}

export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner,
  ) {
    super(`the embedded database in ${dataDir} is held by process ${owner.pid} (aurora ${owner.command})`);
  }
}

/** Takes `dataDir` for this process, or throws DataDirBusyError naming the live owner. */
export function claimDataDir(dataDir: string, command: string): DataDirClaim {
  const path = join(dataDir, OWNER_FILE);
  const record: DataDirOwner = { pid: process.pid, command, started_at: new Date().toISOString() };
  const write = (owner: DataDirOwner) => {
    // Written beside and renamed, so that a reader never sees half a file.
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(owner), { mode: 0o600 });
    renameSync(temporary, path);
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // `wx` fails when the file exists: the atomic step that makes two claimants exclude each other.
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(record));
      closeSync(fd);
      return {
        announce(url) {
          write({ ...record, url });
        },
        release() {
          if (readDataDirOwner(dataDir)?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readDataDirOwner(dataDir);
      if (owner) throw new DataDirBusyError(dataDir, owner);
      // Left behind by a process that died: take it over.
      rmSync(path, { force: true });
    }
  }
  throw new Error(`cannot claim ${path}: another process keeps taking it`);
}
