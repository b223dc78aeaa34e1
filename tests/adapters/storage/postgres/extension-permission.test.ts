import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, migrateDatabase } from '../../../../src/adapters/storage/index.ts';
import { freshDatabase } from '../../../support/postgres.ts';

// Migration 0200 creates pg_trgm, which takes the CREATE privilege on the database: a user that was only granted the
// public schema (not the database's owner) is refused. Tandem says what to do in one line, and each fix it names works.

async function asAdmin(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database that a new login role (not its owner) may create tables in; both URLs. */
async function nonOwnerDatabase(): Promise<{
  readonly admin: string;
  readonly tandem: string;
  readonly role: string;
  readonly name: string;
}> {
  const admin = await freshDatabase();
  const role = `tandem_nonowner_${randomBytes(4).toString('hex')}`;
  await asAdmin(admin, `CREATE ROLE "${role}" LOGIN`, `GRANT USAGE, CREATE ON SCHEMA public TO "${role}"`);
  const tandem = new URL(admin);
  tandem.username = role;
  tandem.password = '';
  return { admin, tandem: tandem.href, role, name: new URL(admin).pathname.slice(1) };
}

describe('a database Tandem may not create pg_trgm in', () => {
  it('when its user owns neither the database nor the extension, then migrating says to make it the owner or create the extension', async () => {
    const db = await nonOwnerDatabase();

    const refusal = await migrateDatabase(db.tandem).then(
      () => null,
      (error: unknown) => error,
    );

    expect(refusal).toBeInstanceOf(DatabaseUnavailableError);
    const error = refusal as DatabaseUnavailableError;
    expect(error.reason).toBe('database.extension');
    expect(error.params).toEqual({ user: db.role, database: db.name, extension: 'pg_trgm' });
    expect(error.message).toBe(
      `database: user "${db.role}" may not create the PostgreSQL extension pg_trgm in "${db.name}"; make the database owned by Tandem's user (ALTER DATABASE "${db.name}" OWNER TO "${db.role}") or have a superuser run "CREATE EXTENSION pg_trgm;" in that database`,
    );
  });

  it('when a superuser created the extension, then the same user migrates', async () => {
    const db = await nonOwnerDatabase();
    await asAdmin(db.admin, 'CREATE EXTENSION pg_trgm');

    const migration = await migrateDatabase(db.tandem);
    expect(migration.applied).toContain('0200_translation_memory.sql');
  });

  it('when the database is handed to the user, then it migrates', async () => {
    const db = await nonOwnerDatabase();
    await asAdmin(db.admin, `ALTER DATABASE "${db.name}" OWNER TO "${db.role}"`);

    const migration = await migrateDatabase(db.tandem);
    expect(migration.applied).toContain('0200_translation_memory.sql');
  });
});
