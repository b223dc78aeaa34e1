import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlug } from '../../src/core/slug.ts';
import { article } from '../fake-deepl/setup.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

const SLUG = 'defector-testimony';
// The name is declared confidential in the front matter only; the second paragraph has a zero-width space in a word.
const MARKDOWN = article(
  '탈북민의 증언',
  ['김영수씨는 국경을 넘었다고 말했다.', '장마\u200B당에서 쌀값이 올랐다.'],
  'confidential:\n  - term: 김영수\n    render: a source\n',
);

let app: ReviewApp;
let tina: Client;
let rita: Client;

beforeAll(async () => {
  app = await startReviewApp({
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
    ],
    articles: { [SLUG]: MARKDOWN },
  });
  tina = await app.loginAs('tina');
  rita = await app.loginAs('rita');
});
afterAll(() => app.close());

const page = `/review/${SLUG}/en`;
/** The markup of one segment's list item, up to the next segment's. */
const itemOf = (text: string, id: string) => {
  const start = text.indexOf(`id="seg-${id}"`);
  const next = text.indexOf('<li class="segment', start);
  return text.slice(start, next === -1 ? undefined : next);
};

async function segmentIds(): Promise<string[]> {
  const record = await app.rig.store.get(parseSlug(SLUG));
  return record!.segments
    .filter((s) => !s.removedAt)
    .sort((a, b) => a.order - b.order)
    .map((s) => s.id);
}

describe('review page: confidential terms from front matter and invisible characters', () => {
  it('when a translation spells out a name confidential in the front matter, then the page shows the error and approval needs a reason', async () => {
    const [, first] = await segmentIds();
    await tina.page(page);
    await tina.post(`${page}/${first}/submit`, { text: 'K\u200Bim Young-su, 김영수, said he crossed the border.', baseRevision: '0' });
    const { text } = await rita.page(page);
    const item = itemOf(text, first!);
    expect(item).toMatch(
      /<li class="check-error"[^>]*>[\s\S]*?<strong>기밀 용어<\/strong>\s*<span class="check-detail">기밀 용어가 번역문에 그대로 나옵니다\. 정해진 대체 표현으로 바꾸세요: ‘김영수’ 대신 ‘a source’<\/span>/,
    );
    const record = await app.rig.store.get(parseSlug(SLUG));
    const row = record!.translations.find((t) => t.segmentId === first && t.locale === 'en')!;
    expect((await rita.post(`${page}/${first}/approve`, { baseRevision: String(row.revision) })).status).toBe(400);
  });

  it('when a source has an invisible character inside a word, then its segment carries a notice and the others do not', async () => {
    const [, first, second] = await segmentIds();
    const { text } = await tina.page(page);
    expect(itemOf(text, second!)).toContain('class="notice invisible-chars"');
    expect(itemOf(text, second!)).toContain('U+200B');
    expect(itemOf(text, first!)).not.toContain('invisible-chars');
  });
});
