import { decodeInput, formatForFile } from '../../src/adapters/formats/index.ts';
import { InMemoryArticleStore } from '../../src/adapters/storage/in-memory/article-store.ts';
import type { Translation } from '../../src/core/model.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { ReviewService } from '../../src/services/review.ts';
import type { ServiceDeps } from '../../src/services/types.ts';

/** Services over a InMemoryArticleStore and the real formats, with a clock that ticks a second per call and numbered ids. */
export function testDeps(overrides: Omit<Partial<ServiceDeps>, 'store'> = {}): ServiceDeps & { store: InMemoryArticleStore } {
  let tick = 0;
  let id = 0;
  return {
    store: new InMemoryArticleStore(),
    formats: { forFile: formatForFile, decode: (content, file) => decodeInput(content, file) },
    targetLocales: ['en', 'ja'],
    now: () => new Date(Date.UTC(2026, 2, 1, 9, 0, tick++)),
    newSegmentId: () => `s-${++id}`,
    ...overrides,
  };
}

export function article(title: string, paragraphs: readonly string[], extra = ''): string {
  return `---\ntitle: ${title}\n${extra}---\n\n${paragraphs.join('\n\n')}\n`;
}

export const P1 = '북한 장마당에서 쌀값이 한 달 새 20% 올랐다.';
export const P2 = '평양의 환율은 달러당 8천 원 선에서 거래됐다.';
export const P3 = '탈북민 단체는 국경 경비가 강화됐다고 전했다.';
export const P2_EDITED = '평양의 환율은 달러당 8천5백 원 선에서 거래됐다.';
export const NEW = '조선중앙통신은 새 미사일 시험 발사 소식을 보도했다.';

/** The article the review tests work on: `rice-prices`, with paragraphs P1 and P2. */
export const REVIEW_SLUG = parseSlug('rice-prices');

/** Import the review article and build a ReviewService over it; `ref` points at P1 in English. */
export async function setUpReview(overrides: Omit<Partial<ServiceDeps>, 'store'> = {}) {
  const deps = testDeps(overrides);
  await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, P2]), by: 'editor' });
  const record = (await deps.store.get(REVIEW_SLUG))!;
  const segmentId = record.segments.find((s) => s.source === P1)!.id;
  const p2Id = record.segments.find((s) => s.source === P2)!.id;
  return { deps, review: new ReviewService(deps), segmentId, p2Id, ref: { slug: REVIEW_SLUG, segmentId, locale: 'en' } };
}

/** The stored translation of a segment of the review article. */
export async function storedTranslation(deps: ServiceDeps, segmentId: string, locale = 'en'): Promise<Translation | undefined> {
  return (await deps.store.get(REVIEW_SLUG))!.translations.find((t) => t.segmentId === segmentId && t.locale === locale);
}
