import { xliffFormats } from '../../src/adapters/formats/index.ts';
import { InMemoryMtStore } from '../../src/adapters/storage/in-memory/mt-store.ts';
import { CHECKS } from '../../src/checks/index.ts';
import type { ArticleStore } from '../../src/core/ports/article-store.ts';
import type { XliffDocument, XliffUnit } from '../../src/core/ports/xliff-format.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { CheckService } from '../../src/services/checks.ts';
import { storeGlossary } from '../../src/services/glossary.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { ReviewService } from '../../src/services/review.ts';
import { XliffExchangeService } from '../../src/services/xliff-exchange.ts';
import { testDeps } from './support.ts';

/** The article the XLIFF tests exchange: a confidential name (with a rendering), inline tags, a glossary term. */
export const SLUG = parseSlug('defector-interview');
export const NAME = '김철민';
export const ARTICLE = (second = '두 번째 문단은 평범하다.') =>
  [
    '---',
    'title: 탈북민 인터뷰',
    'confidential:',
    `  - term: ${NAME}`,
    '    render: a defector',
    '---',
    '',
    `**${NAME}**씨는 [국경](https://example.org/border)을 넘었다고 말했다.`,
    '',
    second,
    '',
    '세 번째 문단은 *기울임*과 `코드`를 담았다.',
    '',
  ].join('\n');

/** An article with the XLIFF service, the review service and the checks over in-memory stores (or `store`). */
/** What the agency's tool translates, word by word, in the article of these tests. */
export const WORDS = {
  '탈북민 인터뷰': 'Interview with a defector',
  '씨는 ': ' said he crossed the ',
  국경: 'border',
  '을 넘었다고 말했다.': '.',
  '두 번째 문단은 평범하다.': 'The second paragraph is plain.',
  '세 번째 문단은 ': 'The third paragraph holds ',
  기울임: 'italics',
  '과 ': ' and ',
  '를 담았다.': '.',
};

export const reviewer = { name: 'rita', role: 'reviewer', locales: ['en'] } as const;
export const translator = { name: 'tom', role: 'translator', locales: ['en'] } as const;

export async function setUpExchange(store?: ArticleStore) {
  const base = { ...testDeps(), ...(store ? { store } : {}) };
  const settings = new InMemoryMtStore().settings;
  const checks = new CheckService({ store: base.store, checks: CHECKS, settings });
  const deps = { ...base, checker: checks };
  await importArticle(deps, { file: `${SLUG}.md`, content: ARTICLE(), by: 'editor' });
  await storeGlossary({ settings }, 'ko', 'en', { 국경: 'border' }, {});
  const review = new ReviewService(deps);
  const xliff = new XliffExchangeService({
    store: deps.store,
    formats: xliffFormats,
    context: (record, locale) => checks.contextFor(record, locale),
    review,
    targetLocales: ['en', 'ja'],
  });
  const record = async () => (await deps.store.get(SLUG))!;
  const segments = (await record()).segments;
  const ids = {
    title: segments.find((s) => s.kind === 'title')!.id,
    name: segments.find((s) => s.source.includes('국경'))!.id,
    plain: segments.find((s) => s.source.startsWith('두 번째'))!.id,
    code: segments.find((s) => s.source.startsWith('세 번째'))!.id,
  };
  const reimport = (second: string) => importArticle(deps, { file: `${SLUG}.md`, content: ARTICLE(second), by: 'editor' });
  return { deps, checks, review, xliff, record, ids, reimport };
}

/** A translator working on an exported document: `translate` gives each unit its new target and state (or leaves it). */
export function agencyEdit(doc: XliffDocument, translate: (unit: XliffUnit) => Partial<XliffUnit> | null): XliffDocument {
  return { ...doc, files: doc.files.map((f) => ({ ...f, units: f.units.map((u) => ({ ...u, ...(translate(u) ?? {}) })) })) };
}

/** Source text with each text run replaced, tags and placeholders kept: what a careful translator does. */
export function translateRuns(source: string, words: Readonly<Record<string, string>>): string {
  let out = source;
  for (const [from, to] of Object.entries(words)) out = out.split(from).join(to);
  return out;
}
