import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ValidationError } from '../../src/core/errors.ts';
import type { PublicationEvent, PublicationNotifier } from '../../src/core/ports/publish-target.ts';
import { splitFrontMatter } from '../../src/core/publication.ts';
import { PublishService } from '../../src/services/publish.ts';
import { editor, publishFixture, SAMPLE_FILE, SAMPLE_SLUG } from './publish-fixture.ts';

// The fixture's clock starts at 2026-10-05T09:00:00Z.
const AT = '2026-12-01T09:00:00Z';
const publishEn = { slug: SAMPLE_SLUG, locale: 'en', actor: editor };

function recordingNotifier(): PublicationNotifier & { readonly events: PublicationEvent[] } {
  const events: PublicationEvent[] = [];
  return {
    events,
    notify: (event) => void (event.event === 'publish' || event.event === 'unpublish' ? events.push(event) : undefined),
    idle: async () => undefined,
  };
}

describe('scheduled publication of a locale', () => {
  it('when a release time is given, then the version records it, the file tells Hugo the same publishDate and the webhook says when', async () => {
    const f = await publishFixture();
    const notifier = recordingNotifier();
    const publish = new PublishService({ ...f.deps, notifier });
    await f.approveAll('en');

    const { status, version } = await publish.publish({ ...publishEn, at: '2026-12-01T18:00:00+09:00' });

    expect(status).toBe('published');
    expect(version.releaseAt).toBe(AT.replace('Z', '.000Z'));
    expect(version.replaces).toBeUndefined();
    const file = await readFile(join(f.publishDir, 'en', `${SAMPLE_SLUG}.md`), 'utf8');
    expect(parseYaml(splitFrontMatter(file).frontMatter)).toMatchObject({ publishDate: '2026-12-01T09:00:00.000Z' });
    expect(notifier.events).toEqual([expect.objectContaining({ event: 'publish', version: 1, releaseAt: '2026-12-01T09:00:00.000Z' })]);
  });

  it('when a version is scheduled over a live one, then it names the version readers keep until then', async () => {
    const f = await publishFixture();
    await f.approveAll('en');
    await f.publish.publish(publishEn);
    const { version } = await f.publish.publish({ ...publishEn, at: AT });
    expect(version).toMatchObject({ version: 2, replaces: 1, releaseAt: '2026-12-01T09:00:00.000Z' });
    // The same schedule again changes nothing; versions stay immutable.
    expect((await f.publish.publish({ ...publishEn, at: AT })).status).toBe('unchanged');
    expect((await f.publish.versions(SAMPLE_SLUG, 'en')).map((v) => [v.version, v.releaseAt])).toEqual([
      [1, undefined],
      [2, '2026-12-01T09:00:00.000Z'],
    ]);
  });

  it('when the publish page is asked for, then the pending release is shown for the locale', async () => {
    const f = await publishFixture();
    await f.approveAll('en');
    await f.publish.publish({ ...publishEn, at: AT });
    const overview = await f.publish.overview(SAMPLE_SLUG);
    expect(overview.locales.find((l) => l.locale === 'en')).toMatchObject({ scheduled: '2026-12-01T09:00:00.000Z' });
    f.clock.now = new Date('2026-12-01T09:00:00Z');
    expect(overview.locales.find((l) => l.locale === 'ja')?.scheduled).toBeUndefined();
    expect((await f.publish.overview(SAMPLE_SLUG)).locales.find((l) => l.locale === 'en')?.scheduled).toBeUndefined();
  });

  it('when the source article has a later publish date than the release, then the file keeps the article date for Hugo', async () => {
    const f = await publishFixture();
    const source = (await readFile(SAMPLE_FILE, 'utf8')).replace('date: 2026-09-14', 'date: 2026-09-14\npublishDate: 2026-12-24T00:00:00Z');
    await f.importSource(source);
    await f.approveAll('en');
    await f.publish.publish({ ...publishEn, at: AT });
    const file = await readFile(join(f.publishDir, 'en', `${SAMPLE_SLUG}.md`), 'utf8');
    expect(parseYaml(splitFrontMatter(file).frontMatter)).toMatchObject({ publishDate: '2026-12-24T00:00:00Z' });
  });

  it.each([
    ['no offset', '2026-12-01T09:00:00', 'not an ISO 8601 time with Z or an offset'],
    ['a date only', '2026-12-01', 'not an ISO 8601 time with Z or an offset'],
    ['words', 'next week', 'not an ISO 8601 time with Z or an offset'],
    ['the past', '2026-10-01T00:00:00Z', 'not in the future'],
  ])('when the release time is %s, then publishing is refused before anything is written', async (_case, at, message) => {
    const f = await publishFixture();
    await f.approveAll('en');
    const error = await f.publish.publish({ ...publishEn, at }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(message);
    expect(await f.publish.versions(SAMPLE_SLUG, 'en')).toEqual([]);
  });
});

describe('releasing the source language', () => {
  it('when the source release is automatic, then publishing the source locale is refused', async () => {
    const f = await publishFixture();
    const error = await f.publish.publish({ ...publishEn, locale: 'ko' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('the original is always published');
  });

  it('when it is manual, then a release records the original without writing a file, and an unpublish keeps the content', async () => {
    const f = await publishFixture({ sourceRelease: 'manual' });
    const { version } = await f.publish.publish({ ...publishEn, locale: 'ko', at: AT });
    expect(version).toMatchObject({ locale: 'ko', version: 1, releaseAt: '2026-12-01T09:00:00.000Z', machineAssisted: false });
    expect(version.title).toBe('평양 장마당 쌀값 한 달 새 18% 올라…환율도 동반 상승');
    await expect(readFile(join(f.publishDir, 'ko', `${SAMPLE_SLUG}.md`), 'utf8')).rejects.toThrow(/ENOENT/);
    expect((await f.publish.overview(SAMPLE_SLUG)).locales.map((l) => l.locale)).toEqual(['ko', 'en', 'ja', 'zh-Hans']);
    expect(await f.publish.unpublish({ ...publishEn, locale: 'ko' })).toBe(true);
  });
});
