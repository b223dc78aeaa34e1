import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's throwaway cluster (postgres-global-setup.ts), null when it could not start. */
    postgresAdminUrl: string | null;
    /** Why the cluster could not start, null when it did. */
    postgresError: string | null;
  }
}

/** The run's superuser URL; throws (failing the test, never skipping it) when the cluster could not start. */
export function postgresAdminUrl(): string {
  const url = inject('postgresAdminUrl');
  if (!url) throw new Error(`postgres tests: no cluster for this run: ${inject('postgresError') ?? 'globalSetup did not run'}`);
  return url;
}

/**
 * Create an empty database with a random name on the run's cluster and return its URL, so that test files (and tests)
 * running in parallel never share state. The database is left behind: the whole cluster is removed after the run.
 */
export async function freshDatabase(): Promise<string> {
  const admin = new URL(postgresAdminUrl());
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    // An identifier cannot be a bind parameter; the name is ours (hex), so quoting it is enough. FILE_COPY copies the
    // tiny template's files instead of writing them through the WAL: about twice as fast on a throwaway cluster.
    await client.query(`CREATE DATABASE "${name}" STRATEGY FILE_COPY`);
  } finally {
    await client.end();
  }
  admin.pathname = `/${name}`;
  return admin.href;
}
