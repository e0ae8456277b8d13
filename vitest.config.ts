import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['tests/harness/global-setup.ts'],
    setupFiles: ['tests/harness/no-network.ts', 'tests/harness/temp-dirs.setup.ts'],
  },
});
