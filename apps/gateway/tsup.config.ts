import { defineConfig } from 'tsup';

// One bundle with the workspace packages inlined; npm dependencies stay external (PGlite ships wasm).
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^@aurora\//],
});
