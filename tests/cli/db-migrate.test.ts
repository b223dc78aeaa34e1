import { describe, expect, it } from 'vitest';
import { fileName, loadMigrations } from '../../src/adapters/storage/postgres/index.ts';
import { freshDatabase } from '../support/postgres.ts';
import { lines, runInProcess } from './run-tandem.ts';

describe('tandem db migrate', () => {
  it('when the database is empty, then every migration is applied and listed; run again, then it is up to date', async () => {
    const env = { TANDEM_DATABASE_URL: await freshDatabase(), TANDEM_DATA_DIR: '/nonexistent/tandem-data' };
    const migrations = await loadMigrations();
    const last = migrations.at(-1)!.version;

    const first = await runInProcess(['db', 'migrate'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toEqual([
      ...migrations.map((m) => `Applied ${fileName(m)}`),
      `The database schema is now at version ${last} (${migrations.length} migrations applied).`,
    ]);

    const again = await runInProcess(['db', 'migrate'], env);
    expect(again.code).toBe(0);
    expect(lines(again.stdout)).toEqual([`The database schema is up to date (version ${last}).`]);
  });

  it('when no database is configured, then it exits with an error that says what to set', async () => {
    const run = await runInProcess(['db', 'migrate'], { TANDEM_DATA_DIR: '/nonexistent/tandem-data' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('set TANDEM_DATABASE_URL');
  });
});
