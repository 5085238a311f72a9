import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          // Pure modules run in node; component tests opt into a DOM with `// @vitest-environment happy-dom`.
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          // A real gateway, database and Chromium: starting them takes seconds, and so can a page.
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
