import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PublishRefusedError } from '../../src/core/publication.ts';
import { editor, publishFixture, SAMPLE_SLUG } from './publish-fixture.ts';

const input = { slug: SAMPLE_SLUG, locale: 'en', actor: editor };

describe('PublishService.prepare', () => {
  it('when a ready locale is prepared, then the version is built but nothing is recorded or written', async () => {
    const f = await publishFixture();
    await f.approveAll('en');
    const prep = await f.publish.prepare(input);
    expect(prep).toMatchObject({ previous: null, unchanged: false, rows: [], sourceSegmentsChanged: 0 });
    expect(prep.version.version).toBe(1);
    expect(prep.segments).toBe(prep.version.segments.length);
    expect(await f.publish.versions(SAMPLE_SLUG, 'en')).toEqual([]);
    expect(await readdir(f.publishDir)).toEqual([]);
    // What publish then records is the same document, apart from the publish time.
    const published = (await f.publish.publish(input)).version;
    const withoutTime = (doc: string) => doc.replace(/^translatedAt: .*$/m, '');
    expect(withoutTime(published.document)).toBe(withoutTime(prep.version.document));
  });

  it('when nothing changed since the live version, then it is unchanged with no differing rows', async () => {
    const f = await publishFixture();
    await f.approveAll('en');
    await f.publish.publish(input);
    const prep = await f.publish.prepare(input);
    expect(prep.unchanged).toBe(true);
    expect(prep.previous?.version).toBe(1);
    expect(prep.rows.every((r) => r.kind === 'same')).toBe(true);
  });

  it('when a segment is not approved, then it is refused as publish() is', async () => {
    const f = await publishFixture();
    await expect(f.publish.prepare(input)).rejects.toThrow(PublishRefusedError);
  });
});
