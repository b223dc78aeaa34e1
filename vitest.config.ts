import { defineConfig } from 'vitest/config';

/**
 * The CLI suites that run wholesale beside a running server as well (the `cli-server` project, tests/cli/server-mode.ts:
 * every command that can go through a server does; the others run with the server stopped, listed there). Left out,
 * and why: serve, db migrate, db import-lowdb and lock start servers themselves or need the directory unowned;
 * option-validation checks that no data directory is made (a server makes one); database-errors points at unusable
 * databases; hostile-input, recovery, table and users run no command through run-tandem.ts; remote and remote-read
 * compare both sides themselves. feed and status-mt run beside a `tandem serve --role web` (server-mode.ts says why):
 * its own poller and MT worker would do what those suites do or change what they plant.
 */
const CLI_THROUGH_SERVER = [
  'tests/cli/usage.test.ts',
  'tests/cli/check-list.test.ts',
  'tests/cli/check-status.test.ts',
  'tests/cli/memory-check.test.ts',
  'tests/cli/glossary-confidential.test.ts',
  'tests/cli/glossary-blocked.test.ts',
  'tests/cli/publish.test.ts',
  'tests/cli/memory-delete.test.ts',
  'tests/cli/tokens.test.ts',
  'tests/cli/import.test.ts',
  'tests/cli/import-limits.test.ts',
  'tests/cli/xliff.test.ts',
  'tests/cli/status-segments.test.ts',
  'tests/cli/status-pages.test.ts',
  'tests/cli/translate.test.ts',
  'tests/cli/feed.test.ts',
  'tests/cli/status-mt.test.ts',
];

export default defineConfig({
  test: {
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
    // Each project names its own global setup: one given here ran a third time, for the root, besides each project's
    // inherited copy (three PostgreSQL clusters started one after the other before the first test).
    projects: [
      // Each project names its own files: `extends` would merge a root `include` into every project's.
      {
        extends: true,
        test: {
          name: 'all',
          include: ['tests/**/*.test.ts'],
          // A throwaway PostgreSQL cluster; each test file makes its own database in it (tests/support/postgres.ts).
          // A build of the `tandem` program for the `tandem serve` children (tests/support/tandem-bundle.ts).
          globalSetup: ['tests/support/postgres-global-setup.ts', 'tests/support/bundle-global-setup.ts'],
        },
      },
      // Issue 15: these CLI suites run a second time with every command beside a running server (tests/cli/server-mode.ts).
      {
        extends: true,
        test: {
          name: 'cli-server',
          include: CLI_THROUGH_SERVER,
          setupFiles: ['tests/cli/server-mode-setup.ts'],
          // No suite of these uses PostgreSQL (one that did would fail with "no cluster for this run", not skip).
          globalSetup: ['tests/support/bundle-global-setup.ts'],
          // A test's first command (and the next after the test opened the directory itself) waits for a server start.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
