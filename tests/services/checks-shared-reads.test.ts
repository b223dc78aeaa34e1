import { describe, expect, it } from 'vitest';
import { InMemoryArticleStore } from '../../src/adapters/storage/in-memory/article-store.ts';
import { CHECKS } from '../../src/checks/index.ts';
import type { Locale } from '../../src/core/locale.ts';
import type { ArticleRecord, Translation } from '../../src/core/model.ts';
import type { ConfidentialTermRecord, GlossaryRecord } from '../../src/core/ports/mt-store.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { sourceHash } from '../../src/core/text.ts';
import { CheckService } from '../../src/services/checks.ts';

// CheckService.sharingReads: the writes of one MT round read each glossary and list of terms once, and check alike.

const AT = '2026-03-01T09:00:00.000Z';
const LOCALES: Locale[] = ['en', 'ja', 'zh-Hans'];
const SOURCE = '김영수씨는 장마당에서 10명을 만났다고 말했다.';
const NAME = '김영수';

function record(slug: string, text: string): ArticleRecord {
  const translation = (locale: Locale): Translation => ({
    segmentId: 's-0',
    locale,
    state: 'draft',
    text,
    origin: 'machine',
    machineDraft: null,
    revision: 1,
    updatedAt: AT,
    updatedBy: 'mt',
    comments: [],
  });
  return {
    article: {
      slug: parseSlug(slug),
      sourceLocale: 'ko',
      format: 'markdown',
      frontMatter: {},
      document: '',
      documentHash: 'x',
      sourceRevision: 1,
      createdAt: AT,
      updatedAt: AT,
    },
    segments: [{ id: 's-0', kind: 'paragraph', order: 0, source: SOURCE, tags: {}, hash: sourceHash(SOURCE), sourceRevision: 1 }],
    translations: LOCALES.map(translation),
    history: [],
  };
}

/** A settings store that counts its reads, with one confidential name and a glossary term per pair. */
function countingSettings() {
  const reads = { glossary: 0, terms: 0 };
  const terms: ConfidentialTermRecord[] = [{ term: NAME, render: 'a source', addedAt: AT, addedBy: 'editor' }];
  const settings = {
    glossary: async (sourceLocale: Locale, targetLocale: Locale): Promise<GlossaryRecord | null> => {
      reads.glossary++;
      return { sourceLocale, targetLocale, entries: { 장마당: 'jangmadang' }, updatedAt: AT };
    },
    confidentialTerms: async (slug: string | null) => {
      reads.terms++;
      return slug === null ? terms : [];
    },
  };
  return { reads, settings, terms };
}

const ARTICLES = ['a-1', 'a-2', 'a-3', 'a-4'];
const LEAKING = `${NAME} said he met 10 people at the market.`;

async function checkAll(service: CheckService) {
  return Promise.all(
    ARTICLES.map((slug) => service.withChecks(record(slug, LEAKING), () => true, { force: true }).then((r) => r.translations)),
  );
}

describe('checks sharing their reads across the writes of one MT round', () => {
  it('reads each pair’s glossary and each list of terms once for all the articles, and checks as without sharing', async () => {
    const alone = countingSettings();
    const plain = new CheckService({ store: new InMemoryArticleStore(), checks: CHECKS, settings: alone.settings });
    const expected = await checkAll(plain);
    // Without a scope: one glossary read per article and locale, the global and own terms per article.
    expect(alone.reads).toEqual({ glossary: ARTICLES.length * LOCALES.length, terms: ARTICLES.length * 2 });

    const shared = countingSettings();
    const service = new CheckService({ store: new InMemoryArticleStore(), checks: CHECKS, settings: shared.settings });
    const got = await service.sharingReads(() => checkAll(service));
    expect(shared.reads).toEqual({ glossary: LOCALES.length, terms: 1 + ARTICLES.length });
    expect(got.map((ts) => ts.map((t) => t.checks))).toEqual(expected.map((ts) => ts.map((t) => t.checks)));
    // The leak and the missing glossary term are found in every locale of every article.
    for (const ts of got) {
      for (const t of ts) expect((t.checks ?? []).map((c) => c.checkId)).toEqual(expect.arrayContaining(['confidential', 'glossary']));
    }
  });

  it('reads again in the next scope and outside one, so a term added between two rounds counts', async () => {
    const { reads, settings, terms } = countingSettings();
    const added = terms.splice(0);
    const service = new CheckService({ store: new InMemoryArticleStore(), checks: CHECKS, settings });
    const article = record('a-1', LEAKING);
    const before = await service.sharingReads(() => service.withChecks(article, () => true, { force: true }));
    expect(before.translations.flatMap((t) => t.checks ?? []).filter((c) => c.checkId === 'confidential')).toEqual([]);

    terms.push(...added);
    const after = await service.sharingReads(() => service.withChecks(article, () => true, { force: true }));
    expect(after.translations.every((t) => (t.checks ?? []).some((c) => c.checkId === 'confidential'))).toBe(true);
    const outside = await service.withChecks(article, () => true, { force: true });
    expect(outside.translations.map((t) => t.checks)).toEqual(after.translations.map((t) => t.checks));
    expect(reads.glossary).toBe(3 * LOCALES.length);
  });
});
