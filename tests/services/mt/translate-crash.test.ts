import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { DeeplProvider } from '../../../src/adapters/mt/deepl.ts';
import { decodeInput, formatForFile } from '../../../src/adapters/formats/index.ts';
import { LowdbArticleStore } from '../../../src/adapters/storage/lowdb/article-store.ts';
import { LowdbMtStore } from '../../../src/adapters/storage/lowdb/mt-store.ts';
import { importArticle } from '../../../src/services/import-article.ts';
import { ReviewService } from '../../../src/services/review.ts';
import { createMtService } from '../../../src/services/mt/index.ts';
import { FakeDeepl } from '../../fake-deepl/server.ts';
import { article } from '../../fake-deepl/setup.ts';

const child = fileURLToPath(new URL('../../fake-deepl/mt-child.ts', import.meta.url));
let dir = '';
let fake: FakeDeepl | null = null;
afterEach(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): { exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>; kill(): void } {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return {
    exited: new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, out }))),
    kill: () => proc.kill('SIGKILL'),
  };
}

it('when the worker is killed with SIGKILL mid-run and started again, then every segment gets exactly one draft and nothing is stuck', async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-mt-crash-'));
  fake = await FakeDeepl.start();
  // The gate: the second translate request is never answered, so the worker is surely killed mid-run, with one batch
  // applied and the next in flight.
  const secondInFlight = new Promise<void>((resolve) => {
    fake!.onRequest((request) => {
      if (request.path !== '/v2/translate' || fake!.translateRequests.length !== 2) return;
      fake!.failNext('hang');
      resolve();
    });
  });
  const targetLocales = ['en', 'ja'];
  {
    const store = await LowdbArticleStore.open(dir);
    const mt = await LowdbMtStore.open(dir);
    const deps = {
      store,
      targetLocales,
      formats: { forFile: formatForFile, decode: (c: Uint8Array | string, f: string) => decodeInput(c, f, { maxBytes: 1 << 20 }) },
    };
    for (let a = 0; a < 5; a++) {
      const md = article(
        `충돌 시험 ${a}`,
        Array.from({ length: 11 }, (_, p) => `기사 ${a}의 문단 ${p}: 장마당 소식이다.`),
      );
      await importArticle(deps, { file: `c${a}.md`, content: md, slug: `crash-${a}`, by: 'test' });
    }
    const service = createMtService({
      store,
      mt,
      provider: new DeeplProvider({ authKey: 'k:fx', serverUrl: fake.url }),
      drafts: new ReviewService(deps),
      targetLocales,
    });
    expect((await service.enqueue({ by: 'test' })).added).toBe(120);
    await mt.close();
    await store.close();
  }

  const first = run([dir, fake.url]);
  await Promise.race([
    secondInFlight,
    first.exited.then(({ out }) => {
      throw new Error(`the worker finished before it could be killed: ${out}`);
    }),
  ]);
  first.kill();
  const killed = await first.exited;
  expect(killed.signal).toBe('SIGKILL');
  const sentBeforeKill = fake.textsReceived.length;
  expect(sentBeforeKill).toBeLessThan(120);

  const second = await run([dir, fake.url]).exited;
  expect(second.code, second.out).toBe(0);
  expect(JSON.parse(second.out.trim().split('\n').pop()!).recovered).toBeGreaterThan(0);

  const store = await LowdbArticleStore.open(dir);
  const mt = await LowdbMtStore.open(dir);
  try {
    expect(await mt.queue.counts()).toMatchObject({ queued: 0, inFlight: 0, failed: 0 });
    for (let a = 0; a < 5; a++) {
      const record = (await store.get(`crash-${a}` as never))!;
      for (const segment of record.segments) {
        for (const locale of targetLocales) {
          const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === locale)!;
          expect(t).toMatchObject({ state: 'draft', origin: 'machine' });
          const drafts = record.history.filter((h) => h.segmentId === segment.id && h.locale === locale && h.action === 'machineDraft');
          expect(drafts).toHaveLength(1);
        }
      }
    }
    // At most the one batch in flight at the kill (concurrency 1) can have been sent twice.
    expect(fake.textsReceived.length).toBeLessThanOrEqual(120 + 50);
  } finally {
    await mt.close();
    await store.close();
  }
}, 60_000);
