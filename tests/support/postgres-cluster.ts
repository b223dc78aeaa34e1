import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A running throwaway PostgreSQL cluster. */
export interface PostgresCluster {
  /** Connection URL of the superuser `tandem` on database `postgres` (trust auth, 127.0.0.1 only). */
  readonly adminUrl: string;
  /** How long initdb plus start took, in milliseconds. */
  readonly startMs: number;
  /** Stop the server (immediate shutdown: nothing in it is worth keeping) and remove its directory. */
  stop(): Promise<void>;
}

/**
 * The server binaries: `TANDEM_PG_BIN`, else the newest Debian `/usr/lib/postgresql/<major>/bin` (Debian keeps initdb
 * and pg_ctl off PATH). Throws saying what to install when there is none.
 */
export function postgresBinDir(): string {
  const fromEnv = process.env.TANDEM_PG_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!majors[0]) {
    throw new Error(`postgres tests: no server binaries under ${root}; install Debian's "postgresql" or set TANDEM_PG_BIN`);
  }
  return join(root, majors[0], 'bin');
}

/**
 * initdb refuses to run as root, so as root the cluster runs as the unprivileged `postgres` account that Debian's
 * package creates; otherwise as the current user.
 */
async function clusterUser(): Promise<{ prefix: string[]; uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return { prefix: ['runuser', '-u', 'postgres', '--'], uid, gid };
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; the tiny race until postgres binds it is retried by the caller). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Roles granted this group log in with a password over TCP (scram-sha-256); the group itself need not exist. */
export const PASSWORD_ROLE_GROUP = 'tandem_password_login';

/**
 * Create and start a throwaway cluster in a fresh temp directory: data dir, unix socket dir and log inside it, TCP on
 * a free port of 127.0.0.1. Durability is switched off (fsync, synchronous_commit): the cluster dies with the run.
 * Throws with the server log when it cannot start.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const started = performance.now();
  const bin = postgresBinDir();
  const user = await clusterUser();
  const root = await mkdtemp(join(tmpdir(), 'tandem-pg-'));
  const data = join(root, 'data');
  const sockets = join(root, 'sockets');
  const log = join(root, 'server.log');
  await mkdir(sockets);
  if (user) {
    await chown(root, user.uid, user.gid);
    await chown(sockets, user.uid, user.gid);
  }
  const as = (command: string, args: string[]) => {
    const argv = [...(user?.prefix ?? []), join(bin, command), ...args];
    return run(argv[0]!, argv.slice(1), { env: { ...process.env, LC_ALL: 'C' } });
  };
  const stop = async () => {
    await as('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  };
  try {
    await as('initdb', ['-D', data, '-U', 'tandem', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    // Members of PASSWORD_ROLE_GROUP must give their password (the tests of a refused password); everyone else is trusted.
    const hba = join(data, 'pg_hba.conf');
    await writeFile(hba, `host all +${PASSWORD_ROLE_GROUP} 127.0.0.1/32 scram-sha-256\n${await readFile(hba, 'utf8')}`);
    let lastError: unknown = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const options = [
        `-p ${port}`,
        `-k ${sockets}`,
        "-c listen_addresses='127.0.0.1'",
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      try {
        await as('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options]);
        return {
          adminUrl: `postgres://tandem@127.0.0.1:${port}/postgres`,
          startMs: Math.round(performance.now() - started),
          stop,
        };
      } catch (error) {
        lastError = error;
      }
    }
    const serverLog = await readFile(log, 'utf8').catch(() => '(no server log)');
    throw new Error(`postgres tests: the throwaway cluster did not start\n${serverLog.slice(-2000)}`, { cause: lastError });
  } catch (error) {
    await stop();
    throw error;
  }
}
