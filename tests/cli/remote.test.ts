import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDeepl } from '../fake-deepl/server.ts';
import { SERVER_FILE, startServeChild, type ServeChild } from '../support/serve-child.ts';
import { approveAll, cliWorkspace, withTandem } from './cli-setup.ts';
import { type CliRun, lines, REPO, runInProcess } from './run-tandem.ts';

// Issue 15's "the CLI suite passes against a running server": the writing commands run once on a data directory and
// once beside a real `tandem serve` child owning an identical one (through its API, found by its server file), and
// must print the same lines with the same exit codes. One server for the file; the lifecycle test restarts it.

const SLUG = 'kpa-autumn-drills-2026';
const UNAPPROVED = 'jangmadang-rice-prices-2026';
/** A pair of other-tool.tmx, imported by the walk on both sides. */
const MEMORY_SOURCE = '조선인민군은 1월 22일 훈련을 시작했다.';
const TMX = (name: string) => join(REPO, 'tests/fixtures/tmx', name);

type Workspace = Awaited<ReturnType<typeof cliWorkspace>>;

/** The same starting point in both directories: the admin, two articles, one of them approved in English. */
async function prepare(ws: Workspace): Promise<void> {
  await withTandem(ws.env, async (t) => {
    await t.users.ensureAdmin('admin password for tests');
    const outcomes = await t.imports.importFiles([ws.file(SLUG), ws.file(UNAPPROVED)], 'setup');
    expect(outcomes.every((o) => o.ok)).toBe(true);
    await approveAll(t, SLUG, 'en');
  });
}

/** What may differ between two runs of one command: a generated password, segment ids (random per import), who published when. */
function comparable(run: CliRun): CliRun {
  const ids = (text: string) =>
    text
      .replace(/\bs-[0-9a-f]{12}\b/g, 's-<id>')
      .replace(/\btm-[0-9a-f-]{36}\b/g, 'tm-<id>')
      .replace(/\bt-[\w-]{12}(?![\w-])/g, 't-<id>')
      .replace(/\btdm_[\w-]{43}\b/g, 'tdm_<secret>')
      .replace(/\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}Z/g, '<minute>');
  let stdout = ids(run.stdout).replace(/^password: \S+$/m, 'password: <generated>');
  if (stdout.trimStart().startsWith('{')) {
    const json = JSON.parse(stdout) as Record<string, unknown>;
    // The time is the moment of publishing; who published is the same (--by, else cli:<user>) either way.
    stdout = JSON.stringify({ ...json, publishedAt: '<at>' });
  }
  return { code: run.code, stdout, stderr: ids(run.stderr) };
}

describe('the command line beside a running server', () => {
  let local: Workspace;
  let remote: Workspace;
  let server: ServeChild;
  const tokens = { editor: '', readOnly: '', translator: '' };
  const glossaries = { terms: '', more: '', clash: '', empty: '' };
  /** Articles both runs import (one path each, so the lines naming them match): a folder with good and bad files. */
  const imports = { folder: '', good: '', invisible: '', plain: '', odd: '', none: '' };

  beforeAll(async () => {
    [local, remote] = await Promise.all([cliWorkspace(), cliWorkspace()]);
    await Promise.all([prepare(local), prepare(remote)]);
    await withTandem(remote.env, async (t) => {
      const admin = await t.users.get('admin');
      const { user: editor } = await t.users.add({ name: 'ed', role: 'editor', password: 'editor password 1' });
      tokens.editor = (await t.apiTokens.create({ owner: editor, name: 'editor' })).secret;
      tokens.readOnly = (await t.apiTokens.create({ owner: admin, name: 'read only', readOnly: true })).secret;
      const { user: translator } = await t.users.add({
        name: 'tr',
        role: 'translator',
        locales: ['en'],
        password: 'translator password 1',
      });
      tokens.translator = (await t.apiTokens.create({ owner: translator, name: 'translator' })).secret;
    });
    server = await startServeChild(remote.env);
    // Glossary files both runs read (the same path, so refusals naming it match).
    const csv = async (name: string, text: string) => {
      const path = join(local.dir, name);
      await writeFile(path, text);
      return path;
    };
    glossaries.terms = await csv('terms.csv', 'source,target\n조선인민군,Korean People’s Army\n장마당,jangmadang\n');
    glossaries.more = await csv('more.csv', 'source,target,note\n식량,food,staple\n');
    glossaries.clash = await csv('clash.csv', 'source,target\n인민  군,army\n인민 군,army\n');
    glossaries.empty = await csv('empty.csv', 'source,target\n');
    imports.folder = join(local.dir, 'incoming');
    await mkdir(imports.folder);
    const article = async (name: string, text: string | Uint8Array) => {
      const path = join(imports.folder, name);
      await writeFile(path, text);
      return path;
    };
    imports.good = await article(
      'border-trade-2026.md',
      '---\ntitle: 국경 무역\ndate: 2026-03-01\n---\n\n국경 무역이 늘었다.\n\n시장이 붐볐다.\n',
    );
    imports.invisible = await article('paste-2026.md', '---\ntitle: 붙여넣기\n---\n\n김\u200b철민 기자가 보도했다.\n');
    imports.plain = await article('notes.txt', '평양 소식\n\n쌀값이 올랐다.\n');
    await article('binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
    await article('broken-front-matter.md', '---\ntitle: [unclosed\n---\n\n본문.\n');
    await article('no-title.html', '<p>제목 없는 본문</p>');
    imports.none = join(local.dir, 'no-articles');
    await mkdir(imports.none);
    await writeFile(join(imports.none, 'terms.csv'), 'source,target\n');
    imports.odd = join(local.dir, 'article.docx');
    await writeFile(imports.odd, '---\ntitle: x\n---\n');
  }, 120_000);

  afterAll(async () => {
    if (server.child.process.exitCode === null && server.child.process.signalCode === null) await server.stop();
    await Promise.all([local.cleanup(), remote.cleanup()]);
  });

  it('when each writing command runs beside the server, then it prints the same lines with the same exit code as on the data directory', async () => {
    // A memory entry's id is random per directory: each side deletes its own copy of the same pair.
    const memoryEntry = async (side: Workspace): Promise<string> => {
      if (side === local) {
        const options = { sourceLocale: 'ko', targetLocale: 'en', threshold: 100, limit: 1 };
        return withTandem(local.env, async (t) => (await t.memory.lookup(MEMORY_SOURCE, options))[0]!.entry.id);
      }
      const q = encodeURIComponent(MEMORY_SOURCE);
      const res = await fetch(`${server.file.url}/api/v1/memory/ko/en/matches?q=${q}&threshold=100`, {
        headers: { authorization: `Bearer ${server.file.token}` },
      });
      return ((await res.json()) as { items: { entry: { id: string } }[] }).items[0]!.entry.id;
    };
    // A token's id is random per directory: each side revokes its own.
    const tokenOf = async (side: Workspace, user: string): Promise<string> => {
      if (side === local) return withTandem(local.env, async (t) => (await t.apiTokens.listFor(user))[0]!.id);
      const res = await fetch(`${server.file.url}/api/v1/tokens?user=${user}`, {
        headers: { authorization: `Bearer ${server.file.token}` },
      });
      return ((await res.json()) as { items: { id: string }[] }).items[0]!.id;
    };
    // An XLIFF export of each side's own article (segment ids are random per directory), written to one path in turn.
    const agencyFile = join(local.dir, 'agency.xlf');
    const xliffExport = async (side: Workspace): Promise<readonly string[]> => {
      let text: string;
      if (side === local) {
        const input = { slugs: [SLUG], locale: 'en', version: '1.2' } as const;
        text = await withTandem(local.env, async (t) => (await t.xliff.exportFile(input)).text);
      } else {
        const res = await fetch(`${server.file.url}/api/v1/xliff/en?slug=${SLUG}`, {
          headers: { authorization: `Bearer ${server.file.token}` },
        });
        text = await res.text();
      }
      await writeFile(agencyFile, text);
      return ['xliff', 'import', agencyFile, '--agency', 'Lingo Ltd'];
    };
    const steps: readonly (readonly string[] | ((side: Workspace) => Promise<readonly string[]>))[] = [
      ['import', imports.good],
      ['import', imports.good, '--json'],
      ['import', imports.folder],
      ['import', imports.folder, '--json'],
      ['import', imports.invisible, '--slug', 'pasted-names', '--by', 'Kim Min-ji'],
      ['import', imports.good, imports.plain, '--slug', 'two-files'],
      ['import', imports.odd],
      ['import', join(local.dir, 'no-such-file.md')],
      ['import', imports.none],
      ['confidential', 'add', '김철민', '--render', 'a source'],
      ['confidential', 'add', '박영수', '--article', SLUG],
      ['confidential', 'add', '\u200b\u200b'],
      ['confidential', 'remove', '김철민'],
      ['confidential', 'remove', '김철민'],
      ['confidential', 'remove', '박영수', '--article', SLUG],
      ['confidential', 'add', '박영수', '--article', 'no-such-article'],
      ['confidential', 'remove', '박영수', '--article', 'no-such-article'],
      ['users', 'add', 'mina', '--role', 'reviewer', '--locales', 'en'],
      ['users', 'add', 'mina', '--role', 'editor'],
      ['users', 'set-role', 'mina', 'editor'],
      ['users', 'set-locales', 'mina', 'en'],
      ['users', 'set-locales', 'mina', ''],
      ['users', 'set-role', 'nobody', 'editor'],
      ['users', 'set-role', 'admin', 'translator'],
      ['tokens', 'create', 'mina', '--name', 'CMS import', '--days', '5', '--read-only'],
      ['tokens', 'create', 'nobody', '--name', 'CMS import'],
      ['tokens', 'create', 'mina', '--name', 'CMS import', '--locales', 'en'],
      ['tokens', 'list', 'mina'],
      ['tokens', 'list', 'nobody'],
      async (side) => ['tokens', 'revoke', await tokenOf(side, 'mina')],
      ['tokens', 'revoke', 't-no-such-token'],
      ['feed', 'poll'],
      ['translate', '--to', 'en', '--all'],
      ['publish', 'no-such-article', '--locale', 'en'],
      ['publish', UNAPPROVED, '--locale', 'en'],
      ['publish', SLUG, '--locale', 'en', '--at', '2020-01-01T00:00:00Z'],
      ['publish', SLUG, '--locale', 'en', '--json', '--by', 'Park Ji-hoon'],
      ['publish', SLUG, '--locale', 'en'],
      ['memory', 'import', TMX('other-tool.tmx')],
      ['memory', 'import', TMX('other-tool.tmx')],
      ['memory', 'import', TMX('malformed.tmx')],
      ['glossary', 'import', glossaries.terms, '--from', 'ko', '--to', 'en'],
      ['glossary', 'import', glossaries.more, '--from', 'ko', '--to', 'en', '--merge'],
      ['glossary', 'import', glossaries.clash, '--from', 'ko', '--to', 'en'],
      ['glossary', 'import', glossaries.empty, '--from', 'ko', '--to', 'en'],
      ['glossary', 'import', glossaries.empty, '--from', 'ko', '--to', 'en', '--replace'],
      ['users', 'reset-password', 'mina'],
      ['users', 'reset-password', 'nobody'],
      async (side) => ['memory', 'delete', await memoryEntry(side), '--by', 'Lee Su-jin'],
      ['memory', 'delete', 'tm-00000000-0000-4000-8000-000000000000'],
      ['unpublish', SLUG, '--locale', 'en'],
      ['unpublish', SLUG, '--locale', 'en'],
      ['unpublish', 'no-such-article', '--locale', 'en'],
      xliffExport,
      ['xliff', 'import', glossaries.terms],
    ];
    const seen = new Set<number>();
    let xliffRun: CliRun | undefined;
    for (const step of steps) {
      const args = typeof step === 'function' ? await step(local) : step;
      const here = await runInProcess(args, local.env);
      const there = await runInProcess(typeof step === 'function' ? await step(remote) : args, remote.env);
      expect(comparable(there), `tandem ${args.join(' ')}`).toEqual(comparable(here));
      seen.add(here.code);
      if (step === xliffExport) xliffRun = there;
    }
    // The agency file applied (its units match the server's article), not refused alike on both sides.
    expect(xliffRun?.code).toBe(0);
    expect(xliffRun?.stdout).toMatch(/: XLIFF 1\.2 → en from agency:Lingo Ltd: 0 applied \(0 approved\), [1-9]\d* unchanged, 0 refused$/m);
    // The walk covers successes and refusals alike.
    expect([...seen].sort()).toEqual([0, 1]);
    // The history names the person given with --by, not the local token's owner, as on the data directory.
    // (The server's store is read as the file lowdb keeps, as the lock keeps this process out of the directory.)
    const history = async (side: Workspace) => {
      const record = JSON.parse(await readFile(join(side.dataDir, 'articles', 'pasted-names.json'), 'utf8')) as {
        history: { by: string }[];
      };
      return [...new Set(record.history.map((h) => h.by))];
    };
    expect(await history(local)).toEqual(['Kim Min-ji']);
    expect(await history(remote)).toEqual(['Kim Min-ji']);
    // It went through the server: the lock never let this process open the directory, and the server's store has it.
    const users = await fetch(`${server.file.url}/api/v1/users/mina`, { headers: { authorization: `Bearer ${server.file.token}` } });
    expect(((await users.json()) as { role: string }).role).toBe('editor');
  }, 120_000);

  it('when the server runs, then its server file is 0600 and status reads through it', async () => {
    const info = await stat(join(remote.dataDir, SERVER_FILE));
    expect(info.mode & 0o777).toBe(0o600);
    expect(server.file.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.file.token).toMatch(/^tdm_/);

    // The lock keeps this process off the directory: the listing can only have come from the server.
    const status = await runInProcess(['status', '--json'], remote.env);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { total: number }).total).toBeGreaterThan(0);
  });

  it('when TANDEM_URL and TANDEM_TOKEN point at the server, then writes go there and a refused token is one line with exit 1', async () => {
    const elsewhere = await cliWorkspace();
    try {
      const env = (token: string, url = server.file.url) => ({ ...elsewhere.env, TANDEM_URL: url, TANDEM_TOKEN: token });
      const added = await runInProcess(['confidential', 'add', '이영희'], env(tokens.editor));
      expect(added).toEqual({ code: 0, stdout: 'confidential term added (global)\n', stderr: '' });
      const lists = await fetch(`${server.file.url}/api/v1/confidential`, { headers: { authorization: `Bearer ${tokens.editor}` } });
      expect(((await lists.json()) as { global: { term: string; addedBy: string }[] }).global).toContainEqual(
        expect.objectContaining({ term: '이영희', addedBy: 'ed' }),
      );

      // The address of the API itself, as its documentation shows it, reaches the same server.
      const viaApiPath = await runInProcess(['confidential', 'add', '이영희'], env(tokens.editor, `${server.file.url}/api/v1/`));
      expect(viaApiPath).toEqual({ code: 0, stdout: 'confidential term added (global)\n', stderr: '' });
      const inside = await runInProcess(['confidential', 'add', '이영희'], env(tokens.editor, `${server.file.url}/api/v1/users`));
      expect(inside.code).toBe(1);
      expect(lines(inside.stderr)).toHaveLength(1);
      expect(inside.stderr).toContain('not a path inside its API');

      // The editor may not manage users: the server's refusal, one line, the exit code of every refusal.
      const forbidden = await runInProcess(['users', 'add', 'jun', '--role', 'translator'], env(tokens.editor));
      expect(forbidden.code).toBe(1);
      expect(lines(forbidden.stderr)).toHaveLength(1);
      // Worded for people and named by the command, never the permission's id (`users.manage`).
      expect(lines(forbidden.stderr)).toEqual([
        'tandem: users add: Your role (Editor) may not manage user accounts. Ask an administrator.',
      ]);

      // A translator's reading commands the server refuses: the command's name and what the role may not do, in words.
      for (const [args, line] of [
        [
          ['confidential', 'list'],
          'tandem: confidential: Your role (Translator) may not manage the glossary and confidential terms. Ask an administrator.',
        ],
        [['usage'], 'tandem: usage: Your role (Translator) may not queue machine translation or see its usage. Ask an administrator.'],
      ] as const) {
        const refused = await runInProcess([...args], env(tokens.translator));
        expect(refused.code).toBe(1);
        expect(lines(refused.stderr)).toEqual([line]);
      }

      const readOnly = await runInProcess(['confidential', 'add', '최민수'], env(tokens.readOnly));
      expect(readOnly.code).toBe(forbidden.code);
      expect(lines(readOnly.stderr)).toHaveLength(1);
      expect(lines(readOnly.stderr)).toEqual(['tandem: confidential: This token may only read. Make a token that may also write.']);
      expect(readOnly.stdout).toBe('');

      const unknown = await runInProcess(['confidential', 'add', '최민수'], env(`tdm_${'x'.repeat(43)}`));
      expect(unknown.code).toBe(1);
      expect(lines(unknown.stderr)).toEqual([
        `tandem: remote: Tandem at ${server.file.url} refused the token of TANDEM_TOKEN (unknown, expired or revoked); make a new one on your account page (/account/tokens)`,
      ]);

      const closed = await freePort();
      const unreachable = await runInProcess(['confidential', 'add', '최민수'], env(tokens.editor, `http://127.0.0.1:${closed}`));
      expect(unreachable.code).toBe(1);
      expect(lines(unreachable.stderr)).toEqual([
        `tandem: remote: no answer from Tandem at http://127.0.0.1:${closed} (ECONNREFUSED); check that the server runs and the address (TANDEM_URL)`,
      ]);

      // A reading command answers from the server, never from the unrelated (empty) local directory.
      const status = await runInProcess(['status', '--json'], env(tokens.editor));
      expect(status.stderr).toBe('');
      expect((JSON.parse(status.stdout) as { total: number }).total).toBeGreaterThan(0);
    } finally {
      await elsewhere.cleanup();
    }
  }, 60_000);

  it('when the server stops, restarts or is killed, then its file goes, the old token is refused, and a stale file falls back to the lock', async () => {
    const first = server.file;
    expect(await server.stop()).toBe(0);
    await expect(stat(join(remote.dataDir, SERVER_FILE))).rejects.toMatchObject({ code: 'ENOENT' });

    server = await startServeChild(remote.env);
    expect(server.file.token).not.toBe(first.token);
    const old = await runInProcess(['confidential', 'add', '한지민'], {
      ...remote.env,
      TANDEM_URL: server.file.url,
      TANDEM_TOKEN: first.token,
    });
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('refused the token');
    const beside = await runInProcess(['confidential', 'add', '한지민'], remote.env);
    expect(beside).toEqual({ code: 0, stdout: 'confidential term added (global)\n', stderr: '' });

    // SIGKILL: the file stays behind, nothing answers at its address, and the dead owner's lock is taken over.
    const killed = server.file;
    await server.kill();
    expect((await stat(join(remote.dataDir, SERVER_FILE))).isFile()).toBe(true);
    const after = await runInProcess(['confidential', 'remove', '한지민'], remote.env);
    expect(after).toEqual({ code: 0, stdout: 'removed\n', stderr: '' });

    // The next start rotates the token left in the stale file.
    server = await startServeChild(remote.env);
    const stale = await runInProcess(['confidential', 'add', '한지민'], {
      ...remote.env,
      TANDEM_URL: server.file.url,
      TANDEM_TOKEN: killed.token,
    });
    expect(stale.stderr).toContain('refused the token');
  }, 120_000);
});

describe('tandem translate beside a running server, through DeepL (fake server)', () => {
  let fake: FakeDeepl;
  let local: Workspace;
  let remote: Workspace;
  let server: ServeChild;

  beforeAll(async () => {
    fake = await FakeDeepl.start();
    const env = {
      DEEPL_AUTH_KEY: 'test-key:fx',
      DEEPL_SERVER_URL: fake.url,
      TANDEM_AUTO_TRANSLATE: '0',
      TANDEM_TARGET_LOCALES: 'en,ja,zh-Hans',
    };
    [local, remote] = await Promise.all([cliWorkspace(env), cliWorkspace(env)]);
    await Promise.all([prepare(local), prepare(remote)]);
    server = await startServeChild(remote.env);
  }, 120_000);
  afterAll(async () => {
    if (server.child.process.exitCode === null && server.child.process.signalCode === null) await server.stop();
    await fake.close();
    await Promise.all([local.cleanup(), remote.cleanup()]);
  });

  it('when translate runs beside the server, then its worker translates exactly what was queued and the summary and exit code are those of the data directory', async () => {
    // The provider refuses the next request once: on each side, the same items fail for good.
    const refuseOnce = (args: readonly string[]) => async () => {
      fake.failNext(400);
      return args;
    };
    const quotaSpent = (args: readonly string[]) => async () => {
      fake.failNext(456);
      return args;
    };
    // The pause's message says since when, a moment apart on the two sides.
    const paused: string[] = [];
    const resumed: CliRun[] = [];
    const since = (run: CliRun): CliRun => {
      const at = /paused since (\d{4}-\d\d-\d\dT[\d:.]+Z):/.exec(run.stderr)?.[1];
      if (at) paused.push(at);
      return { ...run, stderr: run.stderr.replace(/paused since \d{4}-\d\d-\d\dT[\d:.]+Z:/g, 'paused since <at>:') };
    };
    const steps: readonly (readonly string[] | (() => Promise<readonly string[]>))[] = [
      ['translate', '--to', 'en', '--article', UNAPPROVED],
      ['translate', '--to', 'en', '--article', UNAPPROVED],
      ['translate', '--to', 'ja', '--article', 'no-such-article'],
      ['translate', '--to', 'en'],
      refuseOnce(['translate', '--to', 'ja', '--article', UNAPPROVED]),
      ['translate', '--retry-failed'],
      // DeepL answers 456 (the quota is spent): the queue pauses, stays paused for the next run, and --resume lifts the
      // pause (through POST /api/v1/mt/resume beside the server) and translates what was held.
      quotaSpent(['translate', '--to', 'ja', '--article', SLUG]),
      ['translate', '--to', 'ja', '--article', SLUG],
      ['translate', '--resume'],
      ['translate', '--resume'],
      ['translate', '--to', 'zh-Hans', '--all', '--no-wait'],
    ];
    const seen = new Set<number>();
    const requests = { here: 0, there: 0 };
    for (const step of steps) {
      const args = typeof step === 'function' ? await step() : step;
      const before = fake.translateRequests.length;
      const here = await runInProcess(args, local.env);
      requests.here += fake.translateRequests.length - before;
      const middle = fake.translateRequests.length;
      const there = await runInProcess(typeof step === 'function' ? await step() : args, remote.env);
      requests.there += fake.translateRequests.length - middle;
      expect(since(there), `tandem ${args.join(' ')}`).toEqual(since(here));
      seen.add(here.code);
      if (args[1] === '--resume') resumed.push(there);
    }
    expect([...seen].sort()).toEqual([0, 1]);
    // Both sides were paused, twice each (the run that spent the quota and the one after it); the first --resume
    // beside the server translated what was held, the second found nothing left.
    expect(paused).toHaveLength(4);
    expect(resumed.map((r) => [r.code, r.stdout])).toEqual([
      [
        0,
        expect.stringMatching(/^[1-9]\d* machine draft\(s\), 0 from memory, 0 failed; [1-9]\d* request\(s\), [1-9]\d* characters sent\n$/),
      ],
      [0, '0 machine draft(s), 0 from memory, 0 failed; 0 request(s), 0 characters sent\n'],
    ]);
    // Both sides sent the same requests: the server's worker did the work the command line did on its directory.
    expect(requests.there).toBe(requests.here);
    expect(requests.here).toBeGreaterThan(0);
  }, 180_000);
});

/** A loopback port nothing listens on (bound, then closed again). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('TANDEM_URL pointing somewhere hostile or wrong', () => {
  let ws: Workspace;
  let url: string;
  let close: () => Promise<void>;
  const token = `tdm_${'b'.repeat(43)}`;

  beforeAll(async () => {
    ws = await cliWorkspace();
    // Not Tandem: HTML where JSON belongs, a 5xx without a problem document, a problem with a made-up type.
    const server = createHttpServer((req, res) => {
      if (req.url?.includes('/confidential')) res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
      else if (req.url?.includes('/users')) res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway\n'.repeat(1000));
      else
        res
          .writeHead(409, { 'content-type': 'application/problem+json' })
          .end(JSON.stringify({ type: '/api/docs#problem-made-up', title: 'x', message: 'remote says \u001b[2J no' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await close();
    await ws.cleanup();
  });

  it.each([
    [['confidential', 'add', '김철민'], /^tandem: remote: http:\/\/127\.0\.0\.1:\d+ answered 200 with something that is not Tandem's API/],
    [
      ['users', 'set-role', 'kim', 'editor'],
      /^tandem: remote: http:\/\/127\.0\.0\.1:\d+ answered 502 with something that is not Tandem's API/,
    ],
    // An unknown problem type is still one line, and the terminal never obeys what the server wrote.
    [['publish', 'some-article', '--locale', 'en'], /^tandem: remote says \\u001b\[2J no\n$/],
  ])('when tandem %j talks to a server that is not Tandem, then it fails with one line and exit 1', async (args, stderr) => {
    const run = await runInProcess(args, { ...ws.env, TANDEM_URL: url, TANDEM_TOKEN: token });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(stderr);
  });

  it.each([
    ['javascript:alert(1)', /TANDEM_URL="javascript:alert\(1\)": expected an http\(s\) URL/],
    ['http://exa\u001bmple.org', /TANDEM_URL="http:\/\/exa\\u001bmple\.org"/],
    [`http://${'a'.repeat(300)}.org`, /^tandem: remote: no answer from Tandem at http:\/\/a{300}\.org \(/],
  ])('when TANDEM_URL is %j, then the command refuses with one line and exit 1', async (value, stderr) => {
    const run = await runInProcess(['confidential', 'add', '김철민'], { ...ws.env, TANDEM_URL: value, TANDEM_TOKEN: token });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr).not.toContain(token);
  });
});
