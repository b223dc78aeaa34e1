import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type TandemConfig } from '../../src/config.ts';
import { openTandem } from '../../src/main.ts';
import { workspace } from '../cli/run-tandem.ts';
import type { Client } from '../web/helpers.ts';
import {
  type Acked,
  articleText,
  LOCALE,
  loginAs,
  PASSWORD,
  type ServerChild,
  type StoredRow,
  startServer,
  verify,
  writeArticles,
} from './crash-rig.ts';

// Issue 12, "a change either happens whole or not at all": the real server is killed (SIGKILL) while saves, submits,
// approvals (one by one and approve-all) and publishes run over HTTP at once, restarted on the same data directory,
// and the directory is then checked: every acknowledged write is there, every stored check result was run on the
// text beside it, every approved text is in the memory, the publish folder holds no temporary file and each live
// file is its latest version. The kill comes after a number of acknowledged responses that differs per cycle.

const SLUGS = ['work-a', 'work-b', 'pub'];
const KILL_AFTER = [5, 11, 17, 8, 23] as const;
const REGIONS = ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '세종', '수원', '춘천', '청주', '전주'];
const WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

const paragraphs = (slug: string) =>
  REGIONS.map((region, i) => `${region}의 ${slug === 'pub' ? '시장' : '농가'} 소식 ${i + 1}번째 문단이다.`);

/** A clean English text for a source paragraph: the numbers of the source, no Hangul. */
function textFor(source: string, take: number): string {
  const n = /(\d+)/.exec(source)?.[1];
  return n ? `Market report paragraph ${n}, ${WORDS[take % WORDS.length]} take.` : `Report, ${WORDS[take % WORDS.length]} take.`;
}

describe('killing the server during writes', () => {
  let ws: Awaited<ReturnType<typeof workspace>>;
  let env: Record<string, string>;
  let config: TandemConfig;
  let server: ServerChild | null = null;

  beforeAll(async () => {
    ws = await workspace();
    env = {
      TANDEM_DATA_DIR: ws.dataDir,
      TANDEM_CONTENT_DIR: join(ws.dir, 'content'),
      TANDEM_PUBLISH_DIR: join(ws.dir, 'publish'),
      TANDEM_TARGET_LOCALES: LOCALE,
      TANDEM_ADMIN_PASSWORD: PASSWORD,
      TANDEM_AUTO_TRANSLATE: 'false',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    config = loadConfig(env, ws.dir);
    const files = await writeArticles(join(ws.dir, 'import'), {
      'work-a': articleText('work-a', '작업 가', paragraphs('work-a')),
      'work-b': articleText('work-b', '작업 나', paragraphs('work-b')),
      pub: articleText('pub', '시장 소식', paragraphs('pub')),
    });
    const tandem = await openTandem(config, { lock: true });
    try {
      await tandem.users.ensureAdmin(PASSWORD);
      for (const [name, role] of [
        ['tina', 'translator'],
        ['rex', 'reviewer'],
        ['rio', 'reviewer'],
        ['ed', 'editor'],
      ] as const)
        await tandem.users.add({ name, role, locales: role === 'editor' ? [] : [LOCALE], password: PASSWORD });
      await tandem.imports.importFiles(files, 'editor');
      // The published article starts approved throughout, so every later edit can be approved and published.
      const pub = await tandem.articles.get('pub');
      for (const segment of pub.segments) {
        const ref = { slug: 'pub', segmentId: segment.id, locale: LOCALE };
        await tandem.review.submit({ ...ref, text: textFor(segment.source, 0), actor: { name: 'tina' } });
        await tandem.review.approve({ ...ref, actor: { name: 'rex' } });
      }
    } finally {
      await tandem.close();
    }
  }, 60_000);

  afterAll(async () => {
    if (server && server.child.process.exitCode === null && server.child.process.signalCode === null) {
      server.child.process.kill('SIGKILL');
      await server.child.exited;
    }
    await ws?.cleanup();
  });

  it('when the server is killed at varied moments, then after each restart text, checks, memory and files agree', async () => {
    const acked = new Map<string, Acked>();
    const published = new Map<string, number>();
    server = await startServer(env);
    let verdict = await verify(config, SLUGS, acked, published);
    expect(verdict.problems).toEqual([]);
    let operations = 0;

    for (const [cycle, killAfter] of KILL_AFTER.entries()) {
      const { url, child } = server;
      const [tina, rex, rio, ed] = (await Promise.all(['tina', 'rex', 'rio', 'ed'].map((name) => loginAs(url, name)))) as [
        Client,
        Client,
        Client,
        Client,
      ];
      let count = 0;
      let killed = false;
      /** Count an acknowledged write; the kill comes right after the `killAfter`th, with the others in flight. */
      const ack = (key: string | null, value?: Acked) => {
        if (key && value) acked.set(key, value);
        operations++;
        if (++count === killAfter && !killed) {
          killed = true;
          child.process.kill('SIGKILL');
        }
      };
      const post = async (client: Client, path: string, fields: Record<string, string>): Promise<boolean> => {
        if (killed) return false;
        const res = await client.post(path, fields).catch(() => null);
        if (!res) return false;
        await res.body?.cancel();
        // A refusal would be a fault of the test's bookkeeping (every write is planned from the stored state).
        if (res.status !== 303) throw new Error(`crash test: POST ${path} answered ${res.status}`);
        return true;
      };
      const rows = [...verdict.rows.values()];
      const take = cycle + 1;

      /** One segment through save, submit and approval, one request after the other. */
      const finish = async (row: StoredRow, approve: boolean): Promise<boolean> => {
        const key = `${row.slug}/${row.segmentId}`;
        const base = `/review/${row.slug}/${LOCALE}/${row.segmentId}`;
        let { revision, state } = row;
        if (state === 'untranslated' || state === 'draft') {
          const text = textFor(row.source, take);
          if (!(await post(tina, `${base}/save`, { text, baseRevision: String(revision) }))) return false;
          ack(key, { revision: ++revision, state: 'draft', text });
          if (!(await post(tina, `${base}/submit`, { baseRevision: String(revision) }))) return false;
          ack(key, { revision: ++revision, state: 'submitted', text });
          state = 'submitted';
        }
        if (state === 'submitted' && approve) {
          if (!(await post(rex, `${base}/approve`, { baseRevision: String(revision), override: 'checked by the crash test' })))
            return false;
          ack(key, { revision: revision + 1, state: 'approved' });
        }
        return true;
      };

      const workA = async () => {
        for (const row of rows.filter((r) => r.slug === 'work-a' && r.state !== 'approved')) if (!(await finish(row, true))) return;
      };
      const workB = async () => {
        // Three segments saved and submitted, then approve-all takes them.
        const open = rows.filter((r) => r.slug === 'work-b' && r.state !== 'approved');
        for (let i = 0; i < open.length; i += 3) {
          const batch = open.slice(i, i + 3);
          for (const row of batch) if (!(await finish(row, false))) return;
          if (!(await post(rex, `/review/work-b/${LOCALE}/approve-all`, {}))) return;
          for (const row of batch) {
            const key = `${row.slug}/${row.segmentId}`;
            ack(null);
            acked.set(key, { revision: acked.get(key)!.revision + 1, state: 'approved' });
          }
        }
      };
      const publishing = async () => {
        // Approvals a kill cut off come first: publishing needs every paragraph approved.
        for (const row of rows.filter((r) => r.slug === 'pub' && r.state === 'submitted')) {
          const ok = await post(rex, `/review/pub/${LOCALE}/${row.segmentId}/approve`, {
            baseRevision: String(row.revision),
            override: 'checked by the crash test',
          });
          if (!ok) return;
          ack(`pub/${row.segmentId}`, { revision: row.revision + 1, state: 'approved' });
        }
        // Edit an approved paragraph (a second reviewer), approve it, publish: until the kill.
        for (let i = 0; !killed; i++) {
          const row = rows.filter((r) => r.slug === 'pub')[i % 12]!;
          const current = verdictRow(verdict.rows, acked, row);
          const key = `${row.slug}/${row.segmentId}`;
          const base = `/review/pub/${LOCALE}/${row.segmentId}`;
          let revision = current.revision;
          if (current.state === 'approved') {
            const text = `${textFor(row.source, take)} Update ${WORDS[i % WORDS.length]}.`;
            if (!(await post(rio, `${base}/save`, { text, baseRevision: String(revision) }))) return;
            ack(key, { revision: ++revision, state: 'submitted', text });
          }
          if (!(await post(rex, `${base}/approve`, { baseRevision: String(revision), override: 'checked by the crash test' }))) return;
          ack(key, { revision: revision + 1, state: 'approved' });
          if (!(await post(ed, `/publish/pub/${LOCALE}`, {}))) return;
          published.set('pub', (published.get('pub') ?? 0) + 1);
          ack(null);
        }
      };

      await Promise.all([workA(), workB(), publishing()]);
      // Every chain ran out of work before the kill: kill now, with nothing in flight.
      if (!killed) child.process.kill('SIGKILL');
      await child.exited;

      server = await startServer(env);
      verdict = await verify(config, SLUGS, acked, published);
      expect({ cycle, problems: verdict.problems }).toEqual({ cycle, problems: [] });
      // Unacknowledged writes that landed are the truth from now on.
      for (const [key, row] of verdict.rows) acked.set(key, { revision: row.revision, state: row.state, text: row.text });
      published.set('pub', verdict.versions.get('pub') ?? 0);
    }

    server.child.process.kill('SIGTERM');
    expect(await server.child.exited).toBe(0);
    expect(operations).toBeGreaterThanOrEqual(KILL_AFTER.reduce((a, b) => a + b, 0));
    expect(published.get('pub') ?? 0).toBeGreaterThan(0);
  }, 90_000);
});

/** The row as the publishing chain last left it in this cycle (its own acknowledgements), else as stored. */
function verdictRow(stored: ReadonlyMap<string, StoredRow>, acked: ReadonlyMap<string, Acked>, row: StoredRow): StoredRow {
  const ack = acked.get(`${row.slug}/${row.segmentId}`);
  const base = stored.get(`${row.slug}/${row.segmentId}`) ?? row;
  return ack && ack.revision > base.revision ? { ...base, revision: ack.revision, state: ack.state } : base;
}
