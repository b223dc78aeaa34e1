import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type TandemConfig } from '../../src/config.ts';
import type { TranslationState } from '../../src/core/model.ts';
import { openTandem, type Tandem } from '../../src/main.ts';
import { FakeDeepl } from '../fake-deepl/server.ts';
import { freshDatabase } from '../support/postgres.ts';
import { Client } from '../web/helpers.ts';
import { articleText, loginAs, PASSWORD, writeArticles } from './crash-rig.ts';
import { type Instance, startInstance, stopInstance, whenLogged } from './instances-rig.ts';

// Issue 16, "correct with many processes": two `tandem serve --role web` and two `--role worker` children on one
// PostgreSQL database (and one data directory, which no instance locks), with the fake DeepL server. Reviewers on
// both web instances save the same paragraphs from the same revision at once, submit and approve; one web instance is
// SIGKILLed while saves and approvals are in flight, and its reviewers carry on through the other (sessions live in
// the database). Meanwhile the workers translate what is queued before and after they start. Afterwards: every
// acknowledged write is stored, no two saves were acknowledged from one revision, every MT item ran exactly once and
// each unique text reached DeepL at most once per locale.

const LOCALE = 'en';
const TARGETS = ['en', 'ja'];
const KILL_AFTER = 5;
const REGIONS = ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '세종', '수원', '춘천'];
/** Paragraphs shared by the articles queued before the workers start: each must still be sent once per locale. */
const SHARED = ['연합 공통 문단: 쌀값이 사흘째 올랐다.', '연합 공통 문단: 정부는 비축미를 풀기로 했다.'];

const desk = (slug: string) => REGIONS.map((region, i) => `${region} ${slug} 소식 ${i + 1}번째 문단이다.`);
const textFor = (source: string, take: string) => `Desk report paragraph ${/(\d+)/.exec(source)?.[1] ?? 'title'}, ${take}.`;

interface Ack {
  readonly key: string;
  readonly revision: number;
  readonly state: TranslationState;
  readonly text?: string;
}

describe('several web instances and workers on one database', () => {
  let root = '';
  let fake: FakeDeepl;
  let env: Record<string, string>;
  let config: TandemConfig;
  let tandem: Tandem;
  let db: pg.Pool;
  const instances: Instance[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tandem-instances-'));
    await mkdir(join(root, 'content', 'ko'), { recursive: true });
    fake = await FakeDeepl.start();
    const url = await freshDatabase();
    env = {
      TANDEM_DATABASE_URL: url,
      // One data directory for all four: on PostgreSQL it holds nothing shared, so nobody locks it.
      TANDEM_DATA_DIR: join(root, 'data'),
      TANDEM_CONTENT_DIR: join(root, 'content'),
      TANDEM_PUBLISH_DIR: join(root, 'publish'),
      TANDEM_TARGET_LOCALES: TARGETS.join(','),
      TANDEM_ADMIN_PASSWORD: PASSWORD,
      DEEPL_AUTH_KEY: 'test-key:fx',
      DEEPL_SERVER_URL: fake.url,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    config = loadConfig(env, root);
    db = new pg.Pool({ connectionString: url, max: 2 });
    // The reviewers' articles get no machine drafts; the first wave of MT articles is queued before any worker runs.
    const setup = await openTandem(loadConfig({ ...env, TANDEM_AUTO_TRANSLATE: '0' }, root), { lock: true });
    try {
      await setup.users.ensureAdmin(PASSWORD);
      for (const [name, role] of [
        ['tina', 'translator'],
        ['tom', 'translator'],
        ['rex', 'reviewer'],
        ['rio', 'reviewer'],
      ] as const)
        await setup.users.add({ name, role, locales: [LOCALE], password: PASSWORD });
      const files = await writeArticles(join(root, 'desk'), {
        'desk-a': articleText('desk-a', '데스크 가', desk('desk-a').slice(0, 5)),
        'desk-b': articleText('desk-b', '데스크 나', desk('desk-b')),
      });
      await setup.imports.importFiles(files, 'admin');
    } finally {
      await setup.close();
    }
    tandem = await openTandem(config, { lock: true });
    const wave1 = await writeArticles(join(root, 'wave1'), {
      'mt-1': articleText('mt-1', '기계 번역 하나', [SHARED[0]!, '첫째 기사만의 문단이다.', SHARED[1]!]),
      'mt-2': articleText('mt-2', '기계 번역 둘', [SHARED[1]!, '둘째 기사만의 문단이다.', SHARED[0]!]),
      'mt-3': articleText('mt-3', '기계 번역 셋', [SHARED[0]!, SHARED[1]!]),
    });
    await tandem.imports.importFiles(wave1, 'admin');
  }, 120_000);

  afterAll(async () => {
    for (const i of instances) if (i.process.exitCode === null && i.process.signalCode === null) i.process.kill('SIGKILL');
    await Promise.all(instances.map((i) => i.exited));
    await tandem?.close();
    await db?.end();
    await fake?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('when reviewers work on both web instances, one is killed and two workers translate, then nothing is lost or done twice', async () => {
    const [webA, webB, worker1, worker2] = await Promise.all([
      startInstance('web-a', 'web', env),
      startInstance('web-b', 'web', env),
      startInstance('worker-1', 'worker', env),
      startInstance('worker-2', 'worker', env),
    ]);
    instances.push(webA, webB, worker1, worker2);
    const workers = [worker1, worker2];

    // The second wave is queued while the workers run: NOTIFY wakes them. Its texts are its own.
    const wave2 = await writeArticles(join(root, 'wave2'), {
      'mt-4': articleText('mt-4', '기계 번역 넷', ['넷째 기사의 첫 문단이다.', '넷째 기사의 둘째 문단이다.']),
      'mt-5': articleText('mt-5', '기계 번역 다섯', ['다섯째 기사의 첫 문단이다.']),
    });
    const queued = tandem.imports.importFiles(wave2, 'admin');

    const acks: Ack[] = [];
    const [tinaA, rexA, tomB, rioB] = await Promise.all([
      loginAs(webA.url!, 'tina'),
      loginAs(webA.url!, 'rex'),
      loginAs(webB.url!, 'tom'),
      loginAs(webB.url!, 'rio'),
    ]);
    const segments = async (slug: string) => (await tandem.articles.get(slug)).segments.map((s) => ({ slug, id: s.id, source: s.source }));
    const path = (slug: string, id: string, action: string) => `/review/${slug}/${LOCALE}/${id}/${action}`;
    const override = 'checked by the several-instances test';

    // 1. The same paragraph saved on both instances from revision 0 at once: exactly one save is acknowledged.
    const duels = await Promise.all(
      (await segments('desk-a')).map(async (s, n) => {
        const key = `desk-a/${s.id}`;
        const texts = [textFor(s.source, `take A${n}`), textFor(s.source, `take B${n}`)] as const;
        const answers = await Promise.all(
          [tinaA, tomB].map((client, i) => client.post(path(s.slug, s.id, 'save'), { text: texts[i]!, baseRevision: '0' })),
        );
        await Promise.all(answers.map((res) => res.body?.cancel()));
        const statuses = answers.map((res) => res.status);
        const won = statuses.indexOf(303);
        if (won < 0) return statuses;
        acks.push({ key, revision: 1, state: 'draft', text: texts[won]! });
        // The winner submits on its instance; the reviewer of the other instance approves.
        const [translator, reviewer] = won === 0 ? [tinaA, rioB] : [tomB, rexA];
        expect((await translator.post(path(s.slug, s.id, 'submit'), { baseRevision: '1' })).status).toBe(303);
        acks.push({ key, revision: 2, state: 'submitted' });
        expect((await reviewer.post(path(s.slug, s.id, 'approve'), { baseRevision: '2', override })).status).toBe(303);
        acks.push({ key, revision: 3, state: 'approved' });
        return statuses;
      }),
    );
    for (const statuses of duels) expect([...statuses].sort()).toEqual([303, 409]);

    // 2. Lanes of save, submit and approve on both instances; web A is SIGKILLed after its KILL_AFTERth acknowledgement.
    const deskB = await segments('desk-b');
    const onA = deskB.slice(0, 6);
    const onB = deskB.slice(6);
    let ackedOnA = 0;
    const killed = { a: false };
    /** POST; true when acknowledged (303), false when web A died under it; anything else fails the test. */
    const post = async (client: Client, p: string, fields: Record<string, string>): Promise<boolean> => {
      const res = await client.post(p, fields).catch((error: unknown) => {
        if (client.base === webA.url && killed.a) return null;
        throw error;
      });
      if (!res) return false;
      await res.body?.cancel();
      if (res.status !== 303) throw new Error(`POST ${p} on ${client.base} answered ${res.status}`);
      if (client.base === webA.url && ++ackedOnA === KILL_AFTER) {
        killed.a = true;
        webA.process.kill('SIGKILL');
      }
      return true;
    };
    /** Save, submit and approve one paragraph from `revision`, stopping at the first write that is not acknowledged. */
    const finish = async (
      s: { slug: string; id: string; source: string },
      from: number,
      state: TranslationState,
      translator: Client,
      reviewer: Client,
      take: string,
    ) => {
      const key = `${s.slug}/${s.id}`;
      let revision = from;
      if (state === 'untranslated' || state === 'draft') {
        const text = textFor(s.source, take);
        if (!(await post(translator, path(s.slug, s.id, 'save'), { text, baseRevision: String(revision) }))) return;
        acks.push({ key, revision: ++revision, state: 'draft', text });
        state = 'draft';
      }
      if (state === 'draft') {
        if (!(await post(translator, path(s.slug, s.id, 'submit'), { baseRevision: String(revision) }))) return;
        acks.push({ key, revision: ++revision, state: 'submitted' });
      }
      if (!(await post(reviewer, path(s.slug, s.id, 'approve'), { baseRevision: String(revision), override }))) return;
      acks.push({ key, revision: revision + 1, state: 'approved' });
    };
    const lane = async (part: typeof deskB, translator: Client, reviewer: Client) => {
      for (const s of part) {
        if (translator.base === webA.url && killed.a) return;
        await finish(s, 0, 'untranslated', translator, reviewer, 'first take');
      }
    };
    await Promise.all([
      lane(onA.slice(0, 2), tinaA, rexA),
      lane(onA.slice(2, 4), tinaA, rexA),
      lane(onA.slice(4), tinaA, rexA),
      lane(onB.slice(0, 3), tomB, rioB),
      lane(onB.slice(3), tomB, rioB),
    ]);
    expect(killed.a).toBe(true);
    await webA.exited;

    // 3. Web A's reviewers carry on through web B with the same session cookies, from what the database holds.
    const moved = (client: Client) => Object.assign(new Client(webB.url!), { csrf: client.csrf, cookies: new Map(client.cookies) });
    const [tinaB, rexB] = [moved(tinaA), moved(rexA)];
    for (const s of onA) {
      const t = (await tandem.articles.get(s.slug)).translations.find((x) => x.segmentId === s.id && x.locale === LOCALE);
      if (t?.state === 'approved') {
        // The approval that was in flight when web A died may have been stored without its answer reaching the
        // reviewer: one revision past the last acknowledgement is that write, read back (anything else stays a problem).
        const lastAck = acks.filter((a) => a.key === `${s.slug}/${s.id}`).at(-1);
        if (lastAck && t.revision === lastAck.revision + 1) acks.push({ key: lastAck.key, revision: t.revision, state: 'approved' });
        continue;
      }
      await finish(s, t?.revision ?? 0, t?.state ?? 'untranslated', tinaB, rexB, 'after the kill');
    }

    // 4. The workers finish both waves: asked again whenever one of them logs a drained queue.
    await queued;
    await whenLogged(workers, /"msg":"mt: queue drained"/, async () => {
      const { rows } = await db.query<{ items: number; total: number; done: number }>(
        'SELECT (SELECT count(*) FROM mt_items)::int AS items, sum(total)::int AS total, sum(done)::int AS done FROM mt_jobs',
      );
      return rows[0]!.items === 0 && rows[0]!.total > 0 && rows[0]!.done === rows[0]!.total;
    });

    // Every acknowledged write is what the database holds now (each paragraph was finished after the kill, so its last
    // acknowledgement is its current revision), and no revision of a paragraph was acknowledged twice.
    const last = new Map<string, Ack>();
    for (const ack of acks) {
      const before = last.get(ack.key);
      if (!before || ack.revision > before.revision) last.set(ack.key, ack);
    }
    const twice = acks.filter((a, i) => acks.findIndex((b) => b.key === a.key && b.revision === a.revision) !== i);
    expect(twice).toEqual([]);
    const problems: string[] = [];
    for (const slug of ['desk-a', 'desk-b']) {
      const record = await tandem.articles.get(slug);
      for (const segment of record.segments) {
        const key = `${slug}/${segment.id}`;
        const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === LOCALE);
        const ack = last.get(key);
        const textAck = acks.filter((a) => a.key === key && a.text !== undefined).at(-1);
        if (!ack || !t) problems.push(`${key}: ${t ? 'no acknowledged write' : 'no translation'}`);
        else if (t.revision !== ack.revision || t.state !== 'approved' || t.text !== textAck?.text) {
          problems.push(`${key}: stored r${t.revision} ${t.state} "${t.text}", acknowledged r${ack.revision} "${textAck?.text}"`);
        }
      }
    }
    expect(problems).toEqual([]);

    // Every MT article has a machine draft in each locale, and each unique text went to DeepL once per locale.
    const sent = new Map<string, number>();
    for (const request of fake.translateRequests) {
      for (const text of request.params.text ?? []) {
        const key = `${request.params.target_lang?.[0]} ${text}`;
        sent.set(key, (sent.get(key) ?? 0) + 1);
      }
    }
    const sources = new Set<string>();
    for (const slug of ['mt-1', 'mt-2', 'mt-3', 'mt-4', 'mt-5']) {
      const record = await tandem.articles.get(slug);
      for (const segment of record.segments) {
        sources.add(segment.source);
        for (const locale of TARGETS) {
          const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === locale);
          if (t?.state !== 'draft' || t.text === '') problems.push(`${slug}/${segment.id}/${locale}: no machine draft`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect([...sent].filter(([, n]) => n > 1)).toEqual([]);
    expect(sent.size).toBe(sources.size * TARGETS.length);
    // Only the workers translated; the web instances never ran the MT worker.
    const drained = (i: Instance) => i.logged.filter((line) => line.includes('"msg":"mt: queue drained"')).length;
    expect([webA, webB].map(drained)).toEqual([0, 0]);
    expect(drained(worker1) + drained(worker2)).toBeGreaterThan(0);

    // The survivors stop cleanly on SIGTERM.
    expect(await Promise.all([webB, worker1, worker2].map(stopInstance))).toEqual([0, 0, 0]);
  }, 180_000);
});
