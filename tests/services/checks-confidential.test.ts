import { describe, expect, it } from 'vitest';
import { InMemoryArticleStore } from '../../src/adapters/storage/in-memory/article-store.ts';
import { CHECKS } from '../../src/checks/index.ts';
import type { ArticleRecord, Translation } from '../../src/core/model.ts';
import type { ConfidentialTermRecord } from '../../src/core/ports/mt-store.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { sourceHash } from '../../src/core/text.ts';
import { assertApprovable, CheckService } from '../../src/services/checks.ts';
import { termsForArticle } from '../../src/services/confidential.ts';

const AT = '2026-03-01T09:00:00.000Z';
const slug = parseSlug('defector');
const SOURCE = '김영수씨는 국경을 넘었다고 말했다.';

function record(text: string, frontMatter: Record<string, unknown>): ArticleRecord {
  const translation: Translation = {
    segmentId: 's-0',
    locale: 'en',
    state: 'draft',
    text,
    origin: 'human',
    machineDraft: null,
    revision: 1,
    updatedAt: AT,
    updatedBy: 'tina',
    comments: [],
  };
  return {
    article: {
      slug,
      sourceLocale: 'ko',
      format: 'markdown',
      frontMatter,
      document: '',
      documentHash: 'x',
      sourceRevision: 1,
      createdAt: AT,
      updatedAt: AT,
    },
    segments: [{ id: 's-0', kind: 'paragraph', order: 0, source: SOURCE, tags: {}, hash: sourceHash(SOURCE), sourceRevision: 1 }],
    translations: [translation],
    history: [],
  };
}

const term = (t: string, render?: string): ConfidentialTermRecord => ({
  term: t,
  ...(render ? { render } : {}),
  addedAt: AT,
  addedBy: 'editor',
});

async function check(
  text: string,
  frontMatter: Record<string, unknown>,
  lists: { global?: ConfidentialTermRecord[]; own?: ConfidentialTermRecord[] } = {},
  withSettings = true,
) {
  const store = new InMemoryArticleStore();
  await store.update(slug, () => record(text, frontMatter));
  const settings = {
    glossary: async () => null,
    confidentialTerms: async (s: string | null) => (s === null ? (lists.global ?? []) : s === slug ? (lists.own ?? []) : []),
  };
  const service = new CheckService({ store, checks: CHECKS, ...(withSettings ? { settings } : {}) });
  return service.checkArticle(slug, 'en');
}

describe('confidential terms declared in front matter', () => {
  const FRONT_MATTER = { title: '증언', confidential: [{ term: 'Kim Yong-su', render: 'a source' }] };

  it.each([
    ['KIM YONG-SU said he crossed the border.'],
    ['ＫＩＭ ＹＯＮＧ－ＳＵ said he crossed the border.'],
    ['Kim\u200B Yong\u00AD-su said he crossed the border.'],
  ])('when the translation %j spells out the name, then the confidential check is an error that blocks approval', async (text) => {
    const report = await check(text, FRONT_MATTER);
    const results = report.segments[0]!.results;
    expect(results.find((r) => r.checkId === 'confidential')).toEqual({
      checkId: 'confidential',
      severity: 'error',
      detail: { leaked: ['Kim Yong-su'], renderings: ['a source'] },
      status: 'open',
    });
    expect(report.errors).toBeGreaterThan(0);
    expect(() => assertApprovable(results)).toThrow(/confidential/);
  });

  it('when no settings store is wired, then front-matter terms still count', async () => {
    const report = await check('Kim Yong-su said he crossed the border.', FRONT_MATTER, {}, false);
    expect(report.segments[0]!.results.map((r) => r.checkId)).toContain('confidential');
  });

  it('when the translation uses the rendering, then it passes', async () => {
    const report = await check('A source said he crossed the border.', FRONT_MATTER);
    expect(report.segments[0]!.results).toEqual([]);
  });
});

describe('termsForArticle: the one answer for an article’s confidential terms', () => {
  it('when a term is global, in front matter and on the article list, then each counts once and the most specific rendering wins', async () => {
    const settings = {
      confidentialTerms: async (s: string | null) => (s === null ? [term('김영수', 'global'), term('박정호')] : [term('김영수', 'own')]),
    };
    const terms = await termsForArticle(settings, record('', { confidential: ['이영희', { term: '박정호', render: 'front' }] }));
    expect(terms).toEqual([{ term: '김영수', render: 'own' }, { term: '박정호', render: 'front' }, { term: '이영희' }]);
  });
});
