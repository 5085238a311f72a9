import { mkdir } from 'node:fs/promises';

/**
 * Writes the files and directories of a gzipped tar (a cluster PGlite's `dumpDataDir` made) under
 * `target`, streamed so that only a chunk is held: the cluster is ~40 MB unpacked, which in one
 * buffer would stay in RSS until a GC. Links and devices are skipped, since a cluster we made has
 * none; anything `tar` objects to (a member leaving `target`, an archive cut short) is an error, as
 * the archive is a cluster we made or it is not. Only its note on dropping leading slashes is not:
 * PGlite writes every path absolute.
 */
export async function extractTarGz(archive: string, target: string): Promise<void> {
  // Loaded here, not at start: only the first start on a fresh data directory needs it.
  const { extract } = await import('tar');
  await mkdir(target, { recursive: true });
  const problems: string[] = [];
  await extract({
    file: archive,
    cwd: target,
    filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory'),
    onwarn: (code, message) => {
      if (code !== 'TAR_ENTRY_INFO') problems.push(`${code}: ${message}`);
    },
  });
  if (problems.length > 0) throw new Error(`${archive} is not a cluster archive: ${problems.join('; ')}`);
}
