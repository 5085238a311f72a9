import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Starting PGlite (a WebAssembly Postgres) and migrating takes a few seconds per file.
    hookTimeout: 180_000,
    testTimeout: 120_000,
  },
});
