import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: browser and child-process tests would starve each other with more forks.
    maxWorkers: 2,
    // Test files share their worker's module cache instead of starting a fresh process each: with isolation, every file
    // loaded the app's module graph again (Express, i18next with every locale, the formats, zod schemas), which was
    // close to half of the suite's CPU time (199 s of "import" for 231 files). Safe here because nothing a file changes
    // outlives it: no test mocks modules or stubs globals or the environment (tests/test-isolation.test.ts keeps it so),
    // src/ keeps no module state but caches keyed by the objects they describe, and every file closes the servers,
    // browsers and stores it opens.
    isolate: false,
    // One throwaway PostgreSQL cluster per run; each test file makes its own database in it (tests/support/postgres.ts).
    globalSetup: ['tests/support/postgres-global-setup.ts'],
  },
});
