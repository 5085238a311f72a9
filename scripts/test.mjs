#!/usr/bin/env node
// `pnpm test`: every test of every package, including the browser tests, from a fresh clone.
// Finds a Chromium (CHROMIUM_PATH, /usr/bin/chromium, else installs Debian's when it can), builds
// what the integration and browser tests serve, runs each package's vitest, then prints one
// closing line `N passed, N failed`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Every workspace package with a test script (pnpm-workspace.yaml: apps/*, packages/*).
const packages = ['apps', 'packages'].flatMap((group) =>
  readdirSync(`${root}${group}`)
    .map((name) => `${group}/${name}`)
    .filter((dir) => {
      const manifest = `${root}${dir}/package.json`;
      return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test;
    }),
);
const resultFile = 'test-results.json';

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  );
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (hasApt && isRoot) {
    console.log(
      "test: no Chromium found; installing Debian's chromium package (apt-get install -y chromium)",
    );
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    const install =
      update.status === 0 && spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
    if (install && install.status === 0 && existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.error(
    [
      'test: the browser tests need Chromium and none was found.',
      hasApt
        ? '  Install it with:  sudo apt-get update && sudo apt-get install -y chromium'
        : '  Install Chromium or Google Chrome with your package manager,',
      '  or point CHROMIUM_PATH at an existing Chromium/Chrome binary, then run the tests again.',
    ].join('\n'),
  );
  process.exit(1);
}

const chromium = findChromium();
const env = { ...process.env, CHROMIUM_PATH: chromium };
console.log(`test: Chromium ${chromium}`);
console.log(
  process.env.TEST_DATABASE_URL
    ? `test: database tests run on PGlite and on Postgres at ${process.env.TEST_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')}`
    : 'test: database tests run on PGlite (set TEST_DATABASE_URL to run them on Postgres too)',
);

for (const dir of packages) rmSync(`${root}${dir}/${resultFile}`, { force: true });
const step = (args) => execFileSync('npx', args, { cwd: root, env, stdio: 'inherit' });
step(['turbo', 'run', 'build', '--output-logs=errors-only']);
// Lint, format and types are part of the suite: a change that breaks them fails like a test.
step(['biome', 'check', '.']);
// The import rules of .dependency-cruiser.cjs: a wrong arrow between layers fails the suite.
step(['depcruise', '--config', '.dependency-cruiser.cjs', 'apps', 'packages']);
step(['turbo', 'run', 'typecheck', '--output-logs=errors-only']);
const run = spawnSync(
  'npx',
  [
    'turbo',
    'run',
    'test',
    '--concurrency=1',
    '--',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${resultFile}`,
  ],
  { cwd: root, env, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of packages) {
  const path = `${root}${dir}/${resultFile}`;
  if (!existsSync(path)) {
    console.error(`test: ${dir} wrote no results`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
