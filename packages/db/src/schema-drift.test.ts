import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsFolder } from './migrate';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('committed migrations', () => {
  it('match the schema module (run `pnpm --filter @aurora/db generate` after editing it)', async () => {
    const scratch = await mkdtemp(`${tmpdir()}/aurora-db-drift-`);
    try {
      await cp(defaultMigrationsFolder(), scratch, { recursive: true });
      const before = await readdir(scratch);
      // drizzle-kit wants `--out` relative to the working directory.
      const out = relative(packageDir, scratch);
      await promisify(execFile)(
        'npx',
        ['drizzle-kit', 'generate', '--dialect', 'postgresql', '--schema', './src/schema.ts', '--out', out],
        { cwd: packageDir },
      );
      expect(await readdir(scratch)).toEqual(before);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
