import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The property tests translate hundreds of generated sessions: seconds on a quiet machine, many
    // more on a loaded one, so the limit is generous rather than the default 5 s.
    testTimeout: 120_000,
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
