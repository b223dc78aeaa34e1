import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: browser and child-process tests would starve each other with more forks.
    maxWorkers: 2,
    // One throwaway PostgreSQL cluster per run; each test file makes its own database in it (tests/support/postgres.ts).
    globalSetup: ['tests/support/postgres-global-setup.ts'],
  },
});
