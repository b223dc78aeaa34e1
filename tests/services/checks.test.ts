import { describe, expect, it } from 'vitest';
import { InMemoryArticleStore } from '../../src/adapters/storage/in-memory/article-store.ts';
import { CHECKS } from '../../src/checks/index.ts';
import type { ArticleRecord, Translation } from '../../src/core/model.ts';
import type { ConfidentialTermRecord, GlossaryRecord } from '../../src/core/ports/mt-store.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { sourceHash } from '../../src/core/text.ts';
import { assertApprovable, CheckService, glossaryHits, glossaryTerms } from '../../src/services/checks.ts';
import { articleEffort, effortSummary } from '../../src/services/post-edit.ts';
import { postEditEffort } from '../../src/core/post-edit.ts';

const AT = '2026-03-01T09:00:00.000Z';
const SOURCES = ['조선인민군은 1월 22일 훈련을 시작했다.', '장마당에서 쌀값이 2만 원으로 올랐다.', '김철수 씨가 전했다.'];

function translation(segmentId: string, locale: string, text: string, extra: Partial<Translation> = {}): Translation {
  return {
    segmentId,
    locale,
    state: 'draft',
    text,
    origin: 'machine',
    machineDraft: text,
    revision: 1,
    updatedAt: AT,
    updatedBy: null,
    comments: [],
    ...extra,
  };
}

function record(translations: Translation[]): ArticleRecord {
  const slug = parseSlug('kpa-drill');
  return {
    article: {
      slug,
      sourceLocale: 'ko',
      format: 'markdown',
      frontMatter: {},
      document: '',
      documentHash: 'x',
      sourceRevision: 1,
      createdAt: AT,
      updatedAt: AT,
    },
    segments: SOURCES.map((source, order) => ({
      id: `s-${order}`,
      kind: 'paragraph',
      order,
      source,
      tags: {},
      hash: sourceHash(source),
      sourceRevision: 1,
    })),
    translations,
    history: [],
  };
}

const GLOSSARY: GlossaryRecord = {
  sourceLocale: 'ko',
  targetLocale: 'en',
  entries: { 조선인민군: 'Korean People’s Army', 장마당: 'jangmadang' },
  details: { 조선인민군: { forbidden: ['North Korean Army'], note: 'official name' } },
  updatedAt: AT,
};
const CONFIDENTIAL: ConfidentialTermRecord[] = [{ term: '김철수', render: 'a source', addedAt: AT, addedBy: 'editor' }];
const settings = {
  glossary: async (from: string, to: string) => (from === 'ko' && to === 'en' ? GLOSSARY : null),
  confidentialTerms: async (slug: string | null) => (slug === 'kpa-drill' ? CONFIDENTIAL : []),
};

async function setup(translations: Translation[]) {
  const store = new InMemoryArticleStore();
  await store.update(parseSlug('kpa-drill'), () => record(translations));
  return { store, service: new CheckService({ store, checks: CHECKS, settings }) };
}

describe('check service', () => {
  it('when an article is checked, then each translated segment gets its failures with glossary and confidential context', async () => {
    const { service } = await setup([
      translation('s-0', 'en', 'The North Korean Army began exercises on January 23.'),
      translation('s-1', 'en', 'Rice at the jangmadang rose to 20,000 won.'),
      translation('s-2', 'en', '김철수 said.'),
      translation('s-0', 'ja', ''),
    ]);
    const report = await service.checkArticle('kpa-drill', 'en');
    expect(report.segments.map((s) => s.segmentId)).toEqual(['s-0', 's-1', 's-2']);
    expect(report.segments[0]!.results.map((r) => [r.checkId, r.detail])).toEqual([
      ['numbers', { missing: ['22'], extra: ['23'] }],
      [
        'glossary',
        {
          missing: [{ term: '조선인민군', required: 'Korean People’s Army' }],
          forbidden: [{ term: '조선인민군', used: 'North Korean Army' }],
        },
      ],
    ]);
    expect(report.segments[1]!.results).toEqual([]);
    expect(report.segments[2]!.results.map((r) => r.checkId)).toEqual(['untranslated', 'confidential']);
    expect(report).toMatchObject({ errors: 3, warnings: 1 });
  });

  it('when a translation is checked, then the results are stored with it and a changed text is not overwritten', async () => {
    const { store, service } = await setup([translation('s-1', 'en', 'Rice rose to 2,000 won.')]);
    const results = await service.checkTranslation('kpa-drill', 's-1', 'en');
    expect(results.map((r) => r.checkId)).toEqual(['numbers', 'glossary']);
    const stored = (await store.get(parseSlug('kpa-drill')))!.translations[0]!;
    expect(stored.checks).toEqual(results);
  });

  it.each([
    ['nothing changed since the last refresh', false, 0],
    ['the glossary changed since the last refresh', true, 1],
  ])('when the review page refreshes an article and %s, then it writes %i times', async (_case, change, writes) => {
    let glossary: GlossaryRecord | null = GLOSSARY;
    const store = new InMemoryArticleStore();
    await store.update(parseSlug('kpa-drill'), () =>
      record([translation('s-0', 'en', 'The North Korean Army began drills on 22 January.')]),
    );
    const service = new CheckService({ store, checks: CHECKS, settings: { ...settings, glossary: async () => glossary } });
    await service.refresh('kpa-drill', 'en');
    const before = (await store.get(parseSlug('kpa-drill')))!;
    let counted = 0;
    const update = store.update.bind(store);
    store.update = (slug, change) =>
      update(slug, async (current) => {
        const next = await change(current);
        if (next) counted++;
        return next;
      });
    if (change) glossary = null;
    await service.refresh('kpa-drill', 'en');
    expect(counted).toBe(writes);
    const after = (await store.get(parseSlug('kpa-drill')))!.translations[0]!;
    expect(after.checks).toEqual(change ? [] : before.translations[0]!.checks);
    expect(before.translations[0]!.checks!.length).toBeGreaterThan(0);
  });

  it('when error-level checks fail, then approval is blocked unless a reviewer overrides with a reason', () => {
    const results = [
      { checkId: 'numbers', severity: 'error' as const, detail: { missing: ['22'] } },
      { checkId: 'length', severity: 'warning' as const, detail: {} },
    ];
    expect(() => assertApprovable(results)).toThrow(/approval blocked by failing checks numbers/);
    expect(() => assertApprovable(results, { by: 'lee', reason: ' ' })).toThrow(/needs a reason/);
    expect(() => assertApprovable(results, { by: 'lee', reason: 'Date corrected by the desk' })).not.toThrow();
    expect(() => assertApprovable([results[1]!])).not.toThrow();
    expect(() => assertApprovable(undefined)).not.toThrow();
  });

  it('when a segment source is shown, then the glossary terms in it come with their required rendering', () => {
    const terms = glossaryTerms(GLOSSARY);
    expect(glossaryHits('<g1>조선인민군</g1>은 장마당에서, 조선인민군의', terms)).toEqual([
      { source: '조선인민군', target: 'Korean People’s Army', forbidden: ['North Korean Army'], note: 'official name' },
      { source: '장마당', target: 'jangmadang' },
    ]);
  });
});

describe('post-edit effort', () => {
  it.each([
    ['The KPA began exercises.', 'The KPA began exercises.', 0],
    ['The KPA began exercises.', 'The KPA  began exercises. ', 0],
    ['abcd', 'wxyz', 100],
    // 6 character edits over the 25 characters of the longer text.
    ['The army began drills.', 'The army began exercises.', 24],
  ])('when "%s" became "%s", then the effort is %i', (draft, approved, effort) => {
    expect(postEditEffort(draft, approved)).toBe(effort);
  });

  it('when approved machine drafts are summarized, then per-article and per-locale averages are given', async () => {
    const { store } = await setup([
      translation('s-0', 'en', 'abcd', { state: 'approved', machineDraft: 'abcd', approvedText: 'abcd' }),
      translation('s-1', 'en', 'wxyz', { state: 'approved', machineDraft: 'abcd', approvedText: 'wxyz' }),
      translation('s-0', 'ja', 'x', { state: 'approved', origin: 'human', machineDraft: null, approvedText: 'x' }),
      translation('s-2', 'ja', 'abcd', { state: 'draft', machineDraft: 'abcd' }),
    ]);
    const record = (await store.get(parseSlug('kpa-drill')))!;
    expect(articleEffort(record).byLocale).toEqual({ en: { count: 2, average: 50 } });
    const summary = await effortSummary(store);
    expect(summary.byLocale).toEqual({ en: { count: 2, average: 50 } });
    expect(summary.articles.map((a) => a.slug)).toEqual(['kpa-drill']);
    expect((await effortSummary(store, { locale: 'ja' })).articles).toEqual([]);
  });
});
