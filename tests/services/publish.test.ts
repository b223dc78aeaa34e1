import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import type { PreparedFile, PublicationEvent, PublishTarget } from '../../src/core/ports/publish-target.ts';
import { PublishRefusedError, splitFrontMatter, type PublishedVersion } from '../../src/core/publication.ts';
import { InMemoryPublicationStore } from '../../src/adapters/storage/in-memory/publication-store.ts';
import { HugoPublishTarget } from '../../src/adapters/publish/hugo-publish-target.ts';
import { PublishService, publicationStatusOf } from '../../src/services/publish.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { editor, publishFixture, reviewer, SAMPLE_FILE, SAMPLE_SLUG, translator } from './publish-fixture.ts';

const publishEn = { slug: SAMPLE_SLUG, locale: 'en', actor: editor };

async function filesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

async function editedSource(): Promise<string> {
  const text = await readFile(SAMPLE_FILE, 'utf8');
  const edited = text.replace('18% 가까이 오른', '20% 가까이 오른');
  expect(edited).not.toBe(text);
  return edited;
}

describe('publish gating', () => {
  it('when segments of the locale are not approved, then publishing is refused with each segment and its state and nothing is written', async () => {
    const f = await publishFixture();
    const record = (await f.deps.store.get(SAMPLE_SLUG as never))!;
    const [first, second] = record.segments;
    await f.review.submit({ slug: SAMPLE_SLUG, segmentId: first!.id, locale: 'en', text: 'Rice prices up', actor: translator });
    await f.review.approve({ slug: SAMPLE_SLUG, segmentId: first!.id, locale: 'en', actor: reviewer });
    await f.review.submit({ slug: SAMPLE_SLUG, segmentId: second!.id, locale: 'en', text: 'Subtitle', actor: translator });

    const error = await f.publish.publish(publishEn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishRefusedError);
    expect(error).toBeInstanceOf(ConflictError);
    const missing = (error as PublishRefusedError).missing;
    expect(missing).toHaveLength(record.segments.length - 1);
    expect(missing[0]).toMatchObject({ segmentId: second!.id, state: 'submitted', kind: 'subtitle' });
    expect(missing.slice(1).every((m) => m.state === 'untranslated')).toBe(true);
    expect(await f.deps.publications.versions(SAMPLE_SLUG as never, 'en')).toEqual([]);
    expect(await filesIn(join(f.publishDir, 'en'))).toEqual([]);
  });

  it('when the locale is the source language or not configured, then publishing is refused', async () => {
    const f = await publishFixture();
    await expect(f.publish.publish({ ...publishEn, locale: 'ko' })).rejects.toThrow(ValidationError);
    await expect(f.publish.publish({ ...publishEn, locale: 'fr' })).rejects.toThrow(/not a target locale/);
    await expect(f.publish.publish({ ...publishEn, slug: '../etc' })).rejects.toThrow(ValidationError);
    await expect(f.publish.publish({ ...publishEn, slug: 'no-such-article' })).rejects.toThrow(NotFoundError);
  });
});

describe('versions and files', () => {
  it('when every segment is approved, then v1 is recorded and the localized file is written with translated and kept front matter', async () => {
    const f = await publishFixture();
    await f.approveAll('en');
    const result = await f.publish.publish(publishEn);

    expect(result.status).toBe('published');
    const v1 = result.version;
    expect(v1).toMatchObject({ slug: SAMPLE_SLUG, locale: 'en', version: 1, publishedBy: editor.name, sourceRevision: 1 });
    expect(v1.title.startsWith('[en] 평양 장마당 쌀값')).toBe(true);
    expect(Date.parse(v1.publishedAt)).not.toBeNaN();

    const path = join(f.publishDir, 'en', `${SAMPLE_SLUG}.md`);
    const written = await readFile(path, 'utf8');
    expect(written).toBe(v1.document);
    expect(await filesIn(join(f.publishDir, 'en'))).toEqual([`${SAMPLE_SLUG}.md`]);

    const front = parseYaml(splitFrontMatter(written).frontMatter) as Record<string, unknown>;
    expect(front.title).toBe(v1.title);
    expect(String(front.subtitle)).toMatch(/^\[en\] 수확기/);
    // What readers see is translated (issue 10): the byline and the tags too.
    expect(front.author).toBe('[en] 박서연 기자');
    expect(String(front.date)).toBe('2026-09-14');
    expect(front.tags).toEqual(['[en] 경제', '[en] 장마당', '[en] 식량', '[en] 환율']);
    expect(front).toMatchObject({ translationOf: `ko/${SAMPLE_SLUG}.md`, sourceRevision: 1, version: 1, translatedAt: v1.publishedAt });
    expect(splitFrontMatter(written).body).toContain('[en] 북한 평양과 평안남도 일대 **장마당**에서');

    const stored = await f.publish.version(SAMPLE_SLUG, 'en', 1);
    expect(stored).toEqual(v1);
  });

  it('when published again after new approvals, then v2 is added, v1 stays readable and the diff shows the change', async () => {
    const f = await publishFixture();
    await f.approveAll('en');
    await f.publish.publish(publishEn);

    await f.importSource(await editedSource());
    await f.approveAll('en');
    const v2 = (await f.publish.publish(publishEn)).version;
    expect(v2.version).toBe(2);
    expect(v2.sourceRevision).toBe(2);

    const list = await f.publish.versions(SAMPLE_SLUG, 'en');
    expect(list.map((v) => v.version)).toEqual([1, 2]);
    expect(list[0]).not.toHaveProperty('document');
    const v1 = await f.publish.version(SAMPLE_SLUG, 'en', 1);
    expect(v1.document).toContain('18% 가까이');

    const diff = await f.publish.diff(SAMPLE_SLUG, 'en', 2, 1);
    expect(diff).toMatchObject({ from: 1, to: 2 });
    expect(diff.patch).toMatch(/^-.*18% 가까이/m);
    expect(diff.patch).toMatch(/^\+.*20% 가까이/m);
    expect(diff.changes.some((c) => c.added && c.value.includes('20%'))).toBe(true);
    await expect(f.publish.version(SAMPLE_SLUG, 'en', 3)).rejects.toThrow(NotFoundError);
  });

  it('when nothing changed since the live version, then publishing again records no new version', async () => {
    const f = await publishFixture();
    await f.approveAll('en');
    const [a, b] = await Promise.all([f.publish.publish(publishEn), f.publish.publish(publishEn)]);
    expect([a.status, b.status]).toEqual(['published', 'unchanged']);
    expect(b.version.version).toBe(1);
    expect((await f.publish.versions(SAMPLE_SLUG, 'en')).length).toBe(1);
  });

  it('when a locale is unpublished, then it leaves the live list and the publish tree, its versions stay, and a new publish brings it back as the next version', async () => {
    const f = await publishFixture();
    await f.approveAll('en');
    await f.publish.publish(publishEn);
    expect(await f.publish.unpublish(publishEn)).toBe(true);
    expect(await f.publish.unpublish(publishEn)).toBe(false);

    expect(await f.deps.publications.listLive('en')).toEqual([]);
    expect(await filesIn(join(f.publishDir, 'en'))).toEqual([]);
    const [row] = await f.deps.publications.forArticle(SAMPLE_SLUG as never);
    expect(row).toMatchObject({ live: false, latestVersion: 1, unpublished: { by: editor.name } });
    expect((await f.publish.version(SAMPLE_SLUG, 'en', 1)).version).toBe(1);

    const again = await f.publish.publish(publishEn);
    expect(again).toMatchObject({ status: 'published', version: { version: 2 } });
    expect((await f.deps.publications.listLive('en')).map((r) => r.latestVersion)).toEqual([2]);
    await expect(f.publish.unpublish({ ...publishEn, locale: 'ja' })).rejects.toThrow(NotFoundError);
  });
});

describe('a publish that fails half-way', () => {
  /** The real Hugo target, except that putting the file in place fails like a full or read-only disk would. */
  class FailingCommitTarget implements PublishTarget {
    readonly inner: HugoPublishTarget;
    constructor(dir: string) {
      this.inner = new HugoPublishTarget(dir);
    }
    async prepare(locale: string, slug: string, content: string): Promise<PreparedFile> {
      const prepared = await this.inner.prepare(locale, slug as never, content);
      return {
        path: prepared.path,
        commit: async () => {
          throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
        },
        abort: () => prepared.abort(),
      };
    }
    remove(locale: string, slug: string) {
      return this.inner.remove(locale, slug as never);
    }
    read(locale: string, slug: string) {
      return this.inner.read(locale, slug as never);
    }
    removeLeftovers() {
      return this.inner.removeLeftovers();
    }
  }

  it('when the file cannot be put in place, then no version is recorded and no file or temp file is left', async () => {
    const base = await publishFixture();
    const f = await publishFixture({ publishTarget: new FailingCommitTarget(base.publishDir) });
    await f.approveAll('en');
    await expect(f.publish.publish(publishEn)).rejects.toThrow(/EIO/);
    expect(await f.deps.publications.versions(SAMPLE_SLUG as never, 'en')).toEqual([]);
    expect(await f.deps.publications.listLive('en')).toEqual([]);
    expect(await filesIn(join(base.publishDir, 'en'))).toEqual([]);
  });

  it('when the version cannot be recorded, then the published file is untouched and no temp file is left', async () => {
    class FailingAppendStore extends InMemoryPublicationStore {
      failNext = false;
      override async append(version: PublishedVersion): Promise<void> {
        if (this.failNext) throw new Error('ENOSPC: no space left on device, write');
        return super.append(version);
      }
    }
    const publications = new FailingAppendStore();
    const f = await publishFixture({ publications });
    await f.approveAll('en');
    await f.publish.publish(publishEn);
    const path = join(f.publishDir, 'en', `${SAMPLE_SLUG}.md`);
    const before = await readFile(path, 'utf8');

    await f.importSource(await editedSource());
    await f.approveAll('en');
    publications.failNext = true;
    await expect(f.publish.publish(publishEn)).rejects.toThrow(/ENOSPC/);
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await filesIn(join(f.publishDir, 'en'))).toEqual([`${SAMPLE_SLUG}.md`]);
    expect((await f.publish.versions(SAMPLE_SLUG, 'en')).map((v) => v.version)).toEqual([1]);
  });

  it('when another instance records the same version first, then the publish looks again and answers unchanged', async () => {
    // Stands for a second instance on one database that appends the same texts between this one's read and append.
    class RacedStore extends InMemoryPublicationStore {
      raceNext = true;
      override async append(version: PublishedVersion): Promise<void> {
        if (this.raceNext) {
          this.raceNext = false;
          await super.append({ ...version, publishedBy: 'editor-on-b' });
        }
        return super.append(version);
      }
    }
    const f = await publishFixture({ publications: new RacedStore() });
    await f.approveAll('en');
    const result = await f.publish.publish(publishEn);
    expect(result.status).toBe('unchanged');
    expect(result.version).toMatchObject({ version: 1, publishedBy: 'editor-on-b' });
    expect((await f.publish.versions(SAMPLE_SLUG, 'en')).map((v) => v.version)).toEqual([1]);
    // The prepared file was thrown away: the instance that recorded the version puts its file in place.
    expect(await filesIn(join(f.publishDir, 'en'))).toEqual([]);
  });
});

describe('outdated translations', () => {
  it('when the source is edited after publishing, then the version stays live, is marked outdated by the number of changed segments, and the next publish brings it current', async () => {
    const f = await publishFixture();
    await f.approveAll('en');
    await f.publish.publish(publishEn);
    expect(await f.publish.publicationStatus(SAMPLE_SLUG)).toMatchObject([{ locale: 'en', outdated: false, segmentsBehind: 0 }]);
    // Told from the summary without reading the article, the status is what the article and version would give.
    const read = async () => publicationStatusOf(f.deps.publications, (await f.deps.store.get(parseSlug(SAMPLE_SLUG)))!);
    expect(await f.publish.publicationStatus(SAMPLE_SLUG)).toEqual(await read());

    await f.importSource(await editedSource());
    const [status] = await f.publish.publicationStatus(SAMPLE_SLUG);
    expect(status).toMatchObject({
      locale: 'en',
      live: true,
      latestVersion: 1,
      sourceRevision: 1,
      currentSourceRevision: 2,
      outdated: true,
      segmentsBehind: 1,
    });
    await expect(f.publish.publish(publishEn)).rejects.toMatchObject({ missing: [{ state: 'stale' }] });

    await f.approveAll('en');
    await f.publish.publish(publishEn);
    expect(await f.publish.publicationStatus(SAMPLE_SLUG)).toMatchObject([{ outdated: false, segmentsBehind: 0, latestVersion: 2 }]);
    expect(await f.publish.publicationStatus(SAMPLE_SLUG)).toEqual(await read());
  });
});

describe('notifications', () => {
  it('when a locale is published and unpublished, then the notifier is told each time without being awaited', async () => {
    const f = await publishFixture();
    const events: PublicationEvent[] = [];
    const publish = new PublishService({
      ...f.deps,
      notifier: {
        notify: (e) => void (e.event === 'publish' || e.event === 'unpublish' ? events.push(e) : undefined),
        idle: async () => {},
      },
    });
    await f.approveAll('en');
    await publish.publish(publishEn);
    await publish.unpublish(publishEn);
    expect(events.map((e) => [e.event, e.locale, e.version, e.by])).toEqual([
      ['publish', 'en', 1, editor.name],
      ['unpublish', 'en', 1, editor.name],
    ]);
  });
});
