import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ArticleService } from '../../src/services/articles.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { markdownRebuilder } from '../../src/adapters/formats/markdown.ts';
import { HugoPublishTarget } from '../../src/adapters/publish/hugo-publish-target.ts';
import { InMemoryPublicationStore } from '../../src/adapters/storage/in-memory/publication-store.ts';
import { InMemoryUserStore } from '../../src/adapters/storage/in-memory/user-store.ts';
import { plainText } from '../../src/core/segment-text.ts';
import { AuthService } from '../../src/services/auth.ts';
import { PublishService } from '../../src/services/publish.ts';
import { ReaderService } from '../../src/services/reader.ts';
import { UserService } from '../../src/services/users.ts';
import { createApp } from '../../src/web/app.ts';
import { startServer, type RunningServer } from '../../src/web/server.ts';
import { startRig, type Rig } from '../fake-deepl/setup.ts';
import { TEST_SCRYPT } from '../web/helpers.ts';
import { editor, reviewer, SAMPLE_FILE, SAMPLE_SLUG, translator } from './publish-fixture.ts';

let rig: Rig | undefined;
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.close();
  await rig?.close();
});

describe('from import to the reader site', () => {
  it('when a sample is imported, machine-translated through fake DeepL, reviewed, approved and published, then readers get it in English', async () => {
    rig = await startRig();
    await rig.import(SAMPLE_SLUG, await readFile(SAMPLE_FILE, 'utf8'));
    await rig.service.enqueue({ locales: ['en'], slugs: [SAMPLE_SLUG], by: editor.name });
    await rig.service.drain();

    const drafted = (await rig.store.get(SAMPLE_SLUG as never))!;
    const live = drafted.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
    for (const segment of live) {
      const t = drafted.translations.find((x) => x.segmentId === segment.id && x.locale === 'en');
      expect(t).toMatchObject({ state: 'draft', origin: 'machine' });
      await rig.review.submit({ slug: SAMPLE_SLUG, segmentId: segment.id, locale: 'en', actor: translator });
      await rig.review.approve({ slug: SAMPLE_SLUG, segmentId: segment.id, locale: 'en', actor: reviewer });
    }

    const publishDir = await mkdtemp(join(tmpdir(), 'tandem-e2e-'));
    const publications = new InMemoryPublicationStore();
    const deps = { ...rig.deps, publications, rebuilder: markdownRebuilder, publishTarget: new HugoPublishTarget(publishDir) };
    const publish = new PublishService(deps);
    const result = await publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    expect(result).toMatchObject({ status: 'published', version: { version: 1, machineAssisted: true } });
    expect(await readFile(join(publishDir, 'en', `${SAMPLE_SLUG}.md`), 'utf8')).toBe(result.version.document);

    const userStore = new InMemoryUserStore();
    server = await startServer(
      createApp({
        logger: pino({ level: 'silent' }),
        users: new UserService(userStore, { scrypt: TEST_SCRYPT }),
        auth: new AuthService(userStore, { scrypt: TEST_SCRYPT }),
        articles: new ArticleService(rig.deps),
        publish,
        reader: new ReaderService(deps),
      }),
      { port: 0, logger: pino({ level: 'silent' }), handleSignals: false },
    );
    const res = await fetch(`${server.url}/en/articles/${SAMPLE_SLUG}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    const approved = (await rig.store.get(SAMPLE_SLUG as never))!.translations.find(
      (t) => t.segmentId === live[0]!.id && t.locale === 'en',
    )!;
    expect(page).toContain('<html lang="en">');
    expect(page).toContain(`<h1>${plainText(approved.text).replace(/&/g, '&amp;')}</h1>`);
    expect(page).toContain('Translated from Korean with machine assistance and reviewed by our editors');
  });
});
