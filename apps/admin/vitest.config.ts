import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    // Pure modules run in node; component tests opt into a DOM with `// @vitest-environment happy-dom`.
    environment: 'node',
  },
});
