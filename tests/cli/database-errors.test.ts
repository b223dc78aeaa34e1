import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../src/adapters/storage/index.ts';
import { PASSWORD_ROLE_GROUP } from '../support/postgres-cluster.ts';
import { freshDatabase, postgresAdminUrl } from '../support/postgres.ts';
import { runInProcess } from './run-tandem.ts';

// Every command that opens the database, and `serve` at start-up, says in one line what is wrong with the database and
// what to change, against the run's real cluster; never "unexpected error", never the password.

/** A loopback port nobody listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A user that must log in with its password (pg_hba.conf of the test cluster), owning a fresh database. */
async function passwordUser(password: string): Promise<URL> {
  const database = new URL(await freshDatabase());
  const name = `tandem_pw_${randomBytes(4).toString('hex')}`;
  await asAdmin(async (client) => {
    await client.query(`DO $$ BEGIN CREATE ROLE ${PASSWORD_ROLE_GROUP} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    await client.query(`CREATE ROLE ${name} LOGIN PASSWORD '${password}' IN ROLE ${PASSWORD_ROLE_GROUP}`);
    await client.query(`ALTER DATABASE "${database.pathname.slice(1)}" OWNER TO ${name}`);
  });
  database.username = name;
  database.password = password;
  return database;
}

const COMMANDS = [['db', 'migrate'], ['users', 'list'], ['serve']] as const;
const env = (url: string) => ({ TANDEM_DATABASE_URL: url, TANDEM_DATA_DIR: '/nonexistent/tandem-data', LOG_LEVEL: 'silent', PORT: '0' });

async function expectOneLine(url: string, message: RegExp, secret?: string): Promise<void> {
  for (const args of COMMANDS) {
    const run = await runInProcess(args, env(url));
    expect(run.code, args.join(' ')).toBe(1);
    expect(run.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    expect(run.stderr, args.join(' ')).toMatch(message);
    expect(run.stderr).not.toMatch(/unexpected error/);
    if (secret) expect(run.stderr).not.toContain(secret);
  }
}

describe('database errors in the CLI and at start-up', () => {
  it('when nothing listens on the port, then every command says the connection was refused at that address', async () => {
    const port = await closedPort();
    await expectOneLine(
      `postgres://tandem:s3cret-pw@127.0.0.1:${port}/tandem`,
      new RegExp(`^tandem: database: nothing accepts connections at 127\\.0\\.0\\.1:${port} \\(connection refused\\); start PostgreSQL`),
      's3cret-pw',
    );
  });

  it('when the host does not exist, then every command names the host to fix', async () => {
    await expectOneLine(
      'postgres://tandem@no-such-host.invalid:5432/tandem',
      /^tandem: database: the database host "no-such-host\.invalid" cannot be found/,
    );
  });

  it('when the password is wrong, then every command names the user and never the password', async () => {
    const url = await passwordUser('the right password');
    url.password = 'a-wrong-password';
    await expectOneLine(
      url.href,
      new RegExp(`^tandem: database: PostgreSQL at 127\\.0\\.0\\.1:\\d+ refused user "${url.username}"`),
      'a-wrong-password',
    );
    // The right password opens it, so the refusal above was the password's.
    url.password = 'the right password';
    expect((await runInProcess(['users', 'list'], env(url.href))).code).toBe(0);
  });

  it('when the database does not exist, then every command names it and how to create it', async () => {
    const url = new URL(postgresAdminUrl());
    url.pathname = `/tandem_missing_${randomBytes(4).toString('hex')}`;
    await expectOneLine(url.href, new RegExp(`^tandem: database: PostgreSQL at .* has no database "${url.pathname.slice(1)}"; create it`));
  });

  it('when a newer Tandem migrated the database, then every command says to run a Tandem at least as new', async () => {
    const url = await freshDatabase();
    await migrateDatabase(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from_the_future')");
    await client.end();
    await expectOneLine(
      url,
      /^tandem: database: the database has migrations 9999 that this Tandem does not know; run a Tandem at least as new/,
    );
  });
});
