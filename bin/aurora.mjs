#!/usr/bin/env node
// `npx aurora …` / `pnpm aurora …` from the repository root: runs the built gateway CLI, building it
// first when the build is missing (a fresh clone after `pnpm install`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}apps/gateway/dist/cli.js`;
if (!existsSync(cli)) {
  process.stderr.write('aurora: building the gateway first (once)…\n');
  const build = spawnSync(
    'npx',
    [
      '-y',
      'pnpm@10',
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@aurora/gateway...',
      '--output-logs=errors-only',
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// The CLI reads its arguments from process.argv.slice(2), which here are the user's own.
await import(pathToFileURL(cli).href);
