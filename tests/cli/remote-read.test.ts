import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeChild, type ServeChild } from '../support/serve-child.ts';
import { approveAll, cliWorkspace, withTandem } from './cli-setup.ts';
import { type CliRun, REPO, runInProcess } from './run-tandem.ts';

// Issue 15, the read-only commands: each runs once on a data directory and once beside a real `tandem serve` child
// owning an identical one (through its API's GET routes, found by the server file), and once more with TANDEM_URL and
// TANDEM_TOKEN from elsewhere; all must print the same lines with the same exit codes. One server for the file.

const SLUG = 'kpa-autumn-drills-2026';
const UNAPPROVED = 'jangmadang-rice-prices-2026';

type Workspace = Awaited<ReturnType<typeof cliWorkspace>>;

/** Run the CLI and fail the test with its stderr when it does not succeed (setup only). */
async function ok(args: readonly string[], env: Record<string, string>): Promise<void> {
  const run = await runInProcess(args, env);
  expect(run.code, `tandem ${args.join(' ')}: ${run.stderr}`).toBe(0);
}

/**
 * The same starting point in both directories, made on the data directory before any server runs: two articles, one
 * approved and published in English, terms, a glossary and a memory.
 */
async function prepare(ws: Workspace): Promise<void> {
  await withTandem(ws.env, async (t) => {
    await t.users.ensureAdmin('admin password for tests');
    expect((await t.imports.importFiles([ws.file(SLUG), ws.file(UNAPPROVED)], 'setup')).every((o) => o.ok)).toBe(true);
    await approveAll(t, SLUG, 'en');
    await t.users.add({ name: 'mina', role: 'reviewer', locales: ['en'], password: 'reviewer password 1' });
  });
  await ok(['publish', SLUG, '--locale', 'en'], ws.env);
  await ok(['confidential', 'add', '김철민', '--render', 'a source'], ws.env);
  await ok(['confidential', 'add', '박영수', '--article', SLUG], ws.env);
  await ok(['memory', 'import', join(REPO, 'tests/fixtures/tmx/other-tool.tmx')], ws.env);
  const csv = join(ws.dir, 'terms.csv');
  await writeFile(csv, 'source,target,forbidden,note\n조선인민군,Korean People’s Army,KPA army|the army,an army\n장마당,jangmadang,,\n');
  await ok(['glossary', 'import', csv, '--from', 'ko', '--to', 'en'], ws.env);
  // Machine translations that failed for good, as a server leaves them (no worker retries them): status says why.
  const at = '2026-03-01T09:00:00.000Z';
  const failed = (n: number, reason: string) => ({
    id: `q-${n}`,
    jobId: 'j-remote-read',
    slug: UNAPPROVED,
    segmentId: `s-${n}`,
    locale: 'en',
    hash: `h-${n}`,
    expectedRevision: 0,
    state: 'failed',
    attempts: 8,
    enqueuedAt: at,
    error: `deepl: ${reason}`,
    reason,
  });
  const events = [
    { e: 'job', job: { id: 'j-remote-read', createdAt: at, createdBy: 'import', provider: 'deepl', locales: ['en'], total: 3 } },
    { e: 'add', items: [failed(1, 'rate-limited'), failed(2, 'rate-limited'), failed(3, 'refused')] },
  ];
  await mkdir(join(ws.dataDir, 'mt'), { recursive: true });
  await appendFile(join(ws.dataDir, 'mt', 'queue.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
}

/** What may differ between two directories: segment and memory ids (random per import), account ids, times. */
function comparable(run: CliRun): CliRun {
  const same = (text: string) =>
    text
      .replace(/\bs-[0-9a-f]{12}\b/g, 's-<id>')
      .replace(/\btm-[0-9a-f-]{36}\b/g, 'tm-<id>')
      .replace(/"u-[\w-]{12}"/g, '"u-<id>"')
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '<time>')
      .replace(/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT/g, '<time>')
      .replace(/\b\d{8}T\d{6}Z\b/g, '<time>')
      // A status page's cursor is the key (update time, slug) of its last article.
      .replace(/(--cursor |"next": ")[\w-]+/g, '$1<cursor>');
  return { code: run.code, stdout: same(run.stdout), stderr: same(run.stderr) };
}

describe('the read-only commands beside a running server', () => {
  let local: Workspace;
  let remote: Workspace;
  let elsewhere: Workspace;
  let server: ServeChild;

  beforeAll(async () => {
    [local, remote, elsewhere] = await Promise.all([cliWorkspace(), cliWorkspace(), cliWorkspace()]);
    await Promise.all([prepare(local), prepare(remote)]);
    server = await startServeChild(remote.env);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await Promise.all([local.cleanup(), remote.cleanup(), elsewhere.cleanup()]);
  });

  it('when each read-only command runs beside the server or with TANDEM_URL, then it prints the same lines with the same exit code as on the data directory', async () => {
    const commands: readonly (readonly string[])[] = [
      ['usage'],
      ['usage', '--json', '--since', '2026-01-01'],
      ['confidential', 'list'],
      ['glossary', 'list'],
      ['glossary', 'list', '--json'],
      ['confidential', 'list', '--article', SLUG, '--json'],
      ['users', 'list'],
      ['users', 'list', '--json'],
      ['versions', SLUG, '--locale', 'en'],
      ['versions', SLUG, '--locale', 'en', '--json'],
      ['versions', SLUG, '--locale', 'en', '--show', '1'],
      ['versions', SLUG, '--locale', 'en', '--show', '1', '--json'],
      ['versions', SLUG, '--locale', 'en', '--show', '9'],
      ['versions', SLUG, '--locale', 'en', '--diff', '1', '1'],
      ['versions', SLUG, '--locale', 'en', '--diff', '1', '1', '--json'],
      ['versions', SLUG, '--locale', 'en', '--diff', '1', '2'],
      ['versions', UNAPPROVED, '--locale', 'en'],
      ['versions', 'no-such-article', '--locale', 'en'],
      ['xliff', 'export', SLUG, 'en'],
      ['xliff', 'export', `${SLUG},${UNAPPROVED}`, 'en', '--version', '2.0'],
      ['xliff', 'export', 'no-such-article', 'en'],
      ['memory', 'export', '--to', 'en'],
      ['memory', 'search', '조선인민군', '--to', 'en'],
      ['memory', 'search', '조선인민군은 1월 22일 훈련을 시작했다', '--to', 'en', '--fuzzy', '--json'],
      ['memory', 'search', '훈련', '--to', 'en', '--in', 'source', '--json', '--limit', '500'],
      ['memory', 'search', '없는 낱말', '--to', 'en'],
      ['memory', 'search', '', '--to', 'en'],
      ['memory', 'search', ' … ', '--to', 'en'],
      ['memory', 'search', '', '--to', 'en', '--fuzzy', '--json'],
      ['check', SLUG, '--locale', 'en'],
      ['check', SLUG, '--locale', 'en', '--json', '--lang', 'ko'],
      ['check', UNAPPROVED, '--locale', 'en'],
      ['check', 'no-such-article', '--locale', 'en'],
      ['status'],
      ['status', '--json'],
      ['status', '--limit', '1'],
      ['status', '--limit', '1', '--json'],
      ['status', '--all', '--json'],
      ['status', '--cursor', 'x'],
      ['status', SLUG],
      ['status', SLUG, '--json'],
      ['status', UNAPPROVED],
      ['status', 'no-such-article'],
      ['segments', SLUG],
      ['segments', SLUG, '--json'],
      ['segments', SLUG, '--locale', 'en'],
      ['segments', SLUG, '--locale', 'en', '--json', '--lang', 'ko'],
      ['segments', UNAPPROVED, '--locale', 'en'],
      ['segments', 'no-such-article'],
    ];
    const viaUrl = { ...elsewhere.env, TANDEM_URL: server.file.url, TANDEM_TOKEN: server.file.token };
    const seen = new Set<number>();
    for (const args of commands) {
      const here = comparable(await runInProcess(args, local.env));
      const there = comparable(await runInProcess(args, remote.env));
      expect(there, `tandem ${args.join(' ')}`).toEqual(here);
      expect(comparable(await runInProcess(args, viaUrl)), `TANDEM_URL tandem ${args.join(' ')}`).toEqual(here);
      seen.add(here.code);
    }
    // The planted failures were part of what was compared: their reasons cross the API.
    expect((await runInProcess(['status', UNAPPROVED], local.env)).stdout).toContain(
      'MT: 3 failed (too many requests to the provider ×2; the provider refused the request ×1;',
    );
    // Beside the server the lock kept each command off the directory, and `elsewhere` is empty: the answers came from
    // the server. The walk covers answers and refusals alike.
    expect([...seen].sort()).toEqual([0, 1]);
  }, 240_000);
});
