import type { TestProject } from 'vitest/node';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.ts';

/**
 * vitest globalSetup: ONE throwaway PostgreSQL cluster per run, shared by every test file through `inject`
 * (see freshDatabase in postgres.ts). `TANDEM_TEST_DATABASE_URL` (a superuser URL of a server you run) replaces it.
 * When the cluster cannot start, the error is handed to the tests that need PostgreSQL, which then fail with it; the
 * rest of the run is unaffected.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TANDEM_TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresAdminUrl', external);
    project.provide('postgresError', null);
    return async () => undefined;
  }
  let cluster: PostgresCluster | null = null;
  try {
    cluster = await startPostgresCluster();
    project.provide('postgresAdminUrl', cluster.adminUrl);
    project.provide('postgresError', null);
    if (process.env.TANDEM_PG_TIMING) console.log(`postgres tests: cluster started in ${cluster.startMs} ms`);
  } catch (error) {
    project.provide('postgresAdminUrl', null);
    project.provide('postgresError', error instanceof Error ? `${error.message}\n${String(error.cause ?? '')}` : String(error));
  }
  return async () => {
    await cluster?.stop();
  };
}
