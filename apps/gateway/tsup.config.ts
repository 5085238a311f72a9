import { defineConfig } from 'tsup';

// One bundle with the workspace packages inlined; npm dependencies stay external (PGlite ships wasm).
// The embedded database's thread is a script of its own, which the bundle starts from beside it.
export default defineConfig({
  entry: { cli: 'src/cli.ts', 'pglite-worker': '../../packages/db/src/pglite-worker.js' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^@aurora\//],
});
