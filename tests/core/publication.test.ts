import { describe, expect, it } from 'vitest';
import type { ArticleRecord, Segment, Translation, TranslationState } from '../../src/core/model.ts';
import { approvedTexts, outdatedness, publishBlockers, PublishRefusedError, splitFrontMatter } from '../../src/core/publication.ts';
import type { Slug } from '../../src/core/slug.ts';

function segment(id: string, order: number, extra: Partial<Segment> = {}): Segment {
  return {
    id,
    order,
    kind: order === 0 ? 'title' : 'paragraph',
    source: `source ${id}`,
    tags: {},
    hash: `hash-${id}`,
    sourceRevision: 1,
    ...extra,
  };
}

function translation(segmentId: string, locale: string, state: TranslationState, text = `${locale} ${segmentId}`): Translation {
  return { segmentId, locale, state, text, origin: 'human', machineDraft: null, revision: 1, updatedAt: '', updatedBy: null, comments: [] };
}

function record(segments: Segment[], translations: Translation[], sourceRevision = 1): ArticleRecord {
  return {
    article: {
      slug: 'a' as Slug,
      sourceLocale: 'ko',
      format: 'markdown',
      frontMatter: {},
      document: '',
      documentHash: '',
      sourceRevision,
      createdAt: '',
      updatedAt: '',
    },
    segments,
    translations,
    history: [],
  };
}

describe('publishBlockers and approvedTexts', () => {
  it('when some live segments are not approved or have no translation, then they are listed in reading order with their state', () => {
    const r = record(
      [segment('s2', 1), segment('s1', 0), segment('s3', 2), segment('gone', 3, { removedAt: '2026-10-01' })],
      [translation('s1', 'en', 'approved'), translation('s2', 'en', 'stale'), translation('s3', 'ja', 'approved')],
    );
    expect(publishBlockers(r, 'en')).toEqual([
      { segmentId: 's2', order: 1, kind: 'paragraph', state: 'stale' },
      { segmentId: 's3', order: 2, kind: 'paragraph', state: 'untranslated' },
    ]);
    expect(() => approvedTexts(r, 'en')).toThrow(PublishRefusedError);
    expect(() => approvedTexts(r, 'en')).toThrow(/2 segment\(s\) not approved: #2 s2 \(stale\), #3 s3 \(untranslated\)/);
  });

  it('when every live segment is approved, then the texts come in reading order and removed segments are left out', () => {
    const r = record(
      [segment('s2', 1), segment('s1', 0), segment('gone', 2, { removedAt: '2026-10-01' })],
      [translation('s2', 'en', 'approved'), translation('s1', 'en', 'approved'), translation('gone', 'en', 'draft')],
    );
    expect(publishBlockers(r, 'en')).toEqual([]);
    expect(approvedTexts(r, 'en')).toEqual(['en s1', 'en s2']);
  });
});

describe('outdatedness', () => {
  const published = {
    sourceRevision: 1,
    segments: [
      { id: 's1', hash: 'hash-s1' },
      { id: 's2', hash: 'hash-s2' },
      { id: 's3', hash: 'hash-s3' },
    ],
  };

  it('when the source has not moved, then the version is current', () => {
    const r = record([segment('s1', 0), segment('s2', 1), segment('s3', 2)], []);
    expect(outdatedness(r, published)).toEqual({ outdated: false, publishedRevision: 1, sourceRevision: 1, segmentsBehind: 0 });
  });

  it.each([
    ['one segment edited', [segment('s1', 0), segment('s2', 1, { hash: 'new' }), segment('s3', 2)], 1],
    ['one added and one removed', [segment('s1', 0), segment('s4', 1), segment('s3', 2), segment('s2', 3, { removedAt: 'x' })], 2],
    ['segments only moved', [segment('s3', 0), segment('s1', 1), segment('s2', 2)], 0],
  ])('when %s since publishing, then it is outdated by that many segments', (_case, segments, behind) => {
    expect(outdatedness(record(segments, [], 2), published)).toEqual({
      outdated: true,
      publishedRevision: 1,
      sourceRevision: 2,
      segmentsBehind: behind,
    });
  });
});

describe('text helpers', () => {
  it('when a document has front matter, then splitFrontMatter separates it from the body', () => {
    expect(splitFrontMatter('---\ntitle: A\ndate: 2026-09-14\n---\n\nBody\n')).toEqual({
      frontMatter: 'title: A\ndate: 2026-09-14',
      body: '\nBody\n',
    });
    expect(splitFrontMatter('No front matter\n')).toEqual({ frontMatter: '', body: 'No front matter\n' });
  });
});
