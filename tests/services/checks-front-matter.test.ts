import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.ts';
import type { SegmentKind } from '../../src/core/model.ts';
import type { GlossaryRecord } from '../../src/core/ports/mt-store.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { CheckService } from '../../src/services/checks.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { testDeps } from './support.ts';

// Front matter fields and link titles are segments of their own (kinds title, subtitle, tag, link-title, image-alt):
// every check runs on their translations as on a paragraph's. An inline image's title is not translated: every
// translation carries it from the source, so the confidential check reads it too (CheckContext.carried).
const slug = parseSlug('defector');
const DOCUMENT = `---
title: 김영수 씨의 탈북
description: 주민 3명이 국경을 넘었다
tags: [탈북]
confidential:
  - { term: 김영수, render: 한 소식통 }
  - { term: Kim Yong-su, render: a source }
---

소식통은 [증언 기록](https://example.org/t "김영수 인터뷰")을 공개했다.

국경 사진 ![국경 경비](border.png "김영수 촬영")을 함께 실었다.
`;

const GLOSSARY: GlossaryRecord = {
  sourceLocale: 'ko',
  targetLocale: 'en',
  entries: { 탈북: 'defection' },
  updatedAt: '2026-03-01T09:00:00.000Z',
};

/** English translations by segment kind and source; a leaking one and a correct one per translatable place. */
type Texts = Readonly<Partial<Record<SegmentKind, string | Readonly<Record<string, string>>>>>;

const CORRECT: Texts = {
  title: 'A source’s defection',
  subtitle: '3 residents crossed the border',
  tag: 'defection',
  paragraph: {
    '소식통은 <g1>증언 기록</g1>을 공개했다.': 'The source released <g1>the testimony</g1>.',
    '국경 사진 <x1/>을 함께 실었다.': 'A photo of the border <x1/> ran with it.',
  },
  'link-title': 'Interview with a source',
  'image-alt': 'Border guards',
};

async function check(texts: Texts) {
  const deps = testDeps({ targetLocales: ['en'] });
  await importArticle(deps, { file: 'defector.md', content: DOCUMENT, by: 'editor' });
  await deps.store.update(slug, (record) => {
    if (!record) return null;
    const segments = new Map(record.segments.map((s) => [s.id, s]));
    const translations = record.translations.map((t) => {
      const segment = segments.get(t.segmentId)!;
      const entry = texts[segment.kind];
      const text = typeof entry === 'string' ? entry : (entry?.[segment.source] ?? '');
      return { ...t, text, state: 'draft' as const };
    });
    return { ...record, translations };
  });
  const settings = { glossary: async () => GLOSSARY, confidentialTerms: async () => [] };
  const report = await new CheckService({ store: deps.store, checks: CHECKS, settings }).checkArticle(slug, 'en');
  const record = (await deps.store.get(slug))!;
  const kindOf = new Map(record.segments.map((s) => [s.id, s.kind]));
  return report.segments.map((s) => ({ kind: kindOf.get(s.segmentId), source: s.source, results: s.results }));
}

const resultOf = (rows: Awaited<ReturnType<typeof check>>, kind: SegmentKind, checkId: string) =>
  rows.filter((r) => r.kind === kind).flatMap((r) => r.results.filter((c) => c.checkId === checkId).map(({ status: _status, ...c }) => c));

describe('checks on front matter and link titles', () => {
  it('when the document is imported, then the title, description, tag, link title and alt text are segments', async () => {
    const rows = await check(CORRECT);
    expect(rows.map((r) => [r.kind, r.source])).toEqual([
      ['title', '김영수 씨의 탈북'],
      ['subtitle', '주민 3명이 국경을 넘었다'],
      ['tag', '탈북'],
      ['paragraph', '소식통은 <g1>증언 기록</g1>을 공개했다.'],
      ['link-title', '김영수 인터뷰'],
      ['paragraph', '국경 사진 <x1/>을 함께 실었다.'],
      ['image-alt', '국경 경비'],
    ]);
  });

  it('when every place is translated with the renderings, then only the untranslated image title is reported', async () => {
    const rows = await check(CORRECT);
    const failures = rows.flatMap((r) =>
      r.results.filter((c) => ['confidential', 'numbers', 'glossary'].includes(c.checkId)).map(({ status: _status, ...c }) => c),
    );
    expect(failures).toEqual([
      { checkId: 'confidential', severity: 'error', detail: { leaked: ['김영수'], renderings: ['한 소식통'], carried: ['김영수'] } },
    ]);
    expect(rows.find((r) => r.source.includes('<x1/>'))?.results.map((c) => c.checkId)).toContain('confidential');
  });

  it.each([
    ['the title', 'title', { title: 'Kim Yong-su’s defection' }, 'Kim Yong-su', 'a source'],
    ['the title left in Korean', 'title', { title: '김영수’s defection' }, '김영수', '한 소식통'],
    ['a link title', 'link-title', { 'link-title': 'Interview with Kim Yong-su' }, 'Kim Yong-su', 'a source'],
    ['an image’s alt text', 'image-alt', { 'image-alt': 'Kim Yong-su at the border' }, 'Kim Yong-su', 'a source'],
  ] as const)(
    'when a confidential name leaks through %s, then the confidential check reports it there',
    async (_case, kind, texts, leaked, rendering) => {
      const rows = await check({ ...CORRECT, ...texts });
      expect(resultOf(rows, kind, 'confidential')).toEqual([
        { checkId: 'confidential', severity: 'error', detail: { leaked: [leaked], renderings: [rendering] } },
      ]);
    },
  );

  it('when the description’s number is wrong, then the numbers check reports it as an error', async () => {
    const rows = await check({ ...CORRECT, subtitle: '2 residents crossed the border' });
    expect(resultOf(rows, 'subtitle', 'numbers')).toEqual([
      { checkId: 'numbers', severity: 'error', detail: { missing: ['3'], extra: ['2'] } },
    ]);
  });

  it.each([
    ['the title', 'title', { title: 'A source’s escape' }],
    ['a tag', 'tag', { tag: 'escape' }],
  ] as const)('when %s misses a glossary rendering, then the glossary check reports it', async (_case, kind, texts) => {
    const rows = await check({ ...CORRECT, ...texts });
    expect(resultOf(rows, kind, 'glossary')).toEqual([
      { checkId: 'glossary', severity: 'warning', detail: { missing: [{ term: '탈북', required: 'defection' }], forbidden: [] } },
    ]);
  });
});
