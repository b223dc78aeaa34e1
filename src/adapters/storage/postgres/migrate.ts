import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { AppError } from '../../../core/errors.ts';

/** One versioned schema change: `migrations/<version>_<name>.sql`. */
export interface Migration {
  /** The number before the underscore; migrations run in this order and each runs once per database. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** What a migration run did. */
export interface MigrationReport {
  /** Migrations this run applied, in order. */
  readonly applied: readonly Migration[];
  /** The database's schema version afterwards (0: none). */
  readonly version: number;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE = /^(\d{4})_([a-z0-9_-]+)\.sql$/;

/**
 * Key of the session-level advisory lock a migration run holds, so that two processes starting together migrate one
 * after the other (the second finds nothing left to do). Any fixed 64-bit number works; this one spells "tandem".
 */
const MIGRATION_LOCK = 0x74616e64656dn;

/** Every migration file in `dir`, by version. Throws AppError `bad-migrations` for two files with one version. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const file of (await readdir(dir)).sort()) {
    const match = FILE.exec(file);
    if (!match) continue;
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new AppError('bad-migrations', `postgres: two migrations numbered ${match[1]} in ${dir}; renumber one of them`);
    }
    migrations.push({ version, name: match[2]!, sql: await readFile(`${dir}/${file}`, 'utf8') });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/** Settings of a migration run. */
export interface MigrateConfig {
  /** The migrations to apply (default: every file in MIGRATIONS_DIR). */
  readonly migrations?: readonly Migration[];
  /** Apply only migrations up to this version (tests of an upgrade from an older schema). */
  readonly upTo?: number;
}

/**
 * Bring the database's schema up to date: each pending migration runs in its own transaction together with its row in
 * `schema_migrations`, so a failed one leaves nothing half-applied and the next run tries it again. Holds an advisory
 * lock for the whole run. Throws AppError `schema-too-new` when the database has a migration this code does not know
 * (a newer Tandem migrated it), and whatever PostgreSQL reports for a failing migration (with its file name).
 */
export async function migrate(pool: pg.Pool, config: MigrateConfig = {}): Promise<MigrationReport> {
  const migrations = (config.migrations ?? (await loadMigrations())).filter((m) => config.upTo === undefined || m.version <= config.upTo);
  const client = await pool.connect();
  // A connection that could not roll back or unlock is closed, which also ends its transaction and releases the lock.
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      const known = new Set(migrations.map((m) => m.version));
      const unknown = [...done].filter((v) => !known.has(v) && (config.upTo === undefined || v <= config.upTo));
      if (unknown.length > 0) {
        throw new AppError(
          'schema-too-new',
          `postgres: the database has migrations ${unknown.sort((a, b) => a - b).join(', ')} that this Tandem does not know; run a Tandem at least as new as the one that migrated it`,
        );
      }
      const applied: Migration[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          // Without parameters node-postgres uses the simple query protocol, which runs a file of several statements.
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw new AppError('migration-failed', `postgres: migration ${fileName(migration)} failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
        applied.push(migration);
      }
      const version = Math.max(0, ...done, ...applied.map((m) => m.version));
      return { applied, version };
    } finally {
      if (!broken) {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]).catch(() => {
          broken = true;
        });
      }
    }
  } finally {
    client.release(broken);
  }
}

/** `0001_articles.sql` */
export function fileName(migration: Migration): string {
  return `${String(migration.version).padStart(4, '0')}_${migration.name}.sql`;
}
