import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Translation } from '../../src/core/model.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

// Issue 10, "What cannot be published cannot be approved", on the review page: a raw "<" is saved as text, a broken
// tag is refused beside the segment with the typed text kept in the editor.

let app: ReviewApp;
let tina: Client;

beforeAll(async () => {
  app = await startReviewApp({ users: [{ name: 'tina', role: 'translator', locales: ['en'] }] });
  tina = await app.loginAs('tina');
});
afterAll(() => app.close());

let articles = 0;
async function fresh() {
  const slug = `markup-${++articles}`;
  await app.rig.import(slug, MARKET_ARTICLE);
  const page = `/review/${slug}/en`;
  const record = async () => (await app.rig.store.get(parseSlug(slug)))!;
  const segments = (await record()).segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
  // The paragraph with **환율**: its source is `주민들은 <g1>환율</g1> 변동을 원인으로 꼽는다.`
  const tagged = segments.find((s) => s.source.includes('<g1>'))!;
  const row = async (id: string): Promise<Translation | undefined> =>
    (await record()).translations.find((t) => t.segmentId === id && t.locale === 'en');
  const post = async (path: string, fields: Record<string, string>) => {
    await tina.page(page);
    return tina.post(path, fields);
  };
  return { page, title: segments[0]!, tagged, row, post };
}

describe('saving markup on the review page', () => {
  it('when a translator saves "Inflation is < 5%.", then it is stored escaped and the editor shows it as segment text', async () => {
    const a = await fresh();
    const res = await a.post(`${a.page}/${a.title.id}/save`, { text: 'Inflation is < 5%.', baseRevision: '0' });
    expect(res.status).toBe(303);
    expect((await a.row(a.title.id))?.text).toBe('Inflation is &lt; 5%.');
    const { text } = await tina.page(a.page);
    expect(text).toContain('>Inflation is &amp;lt; 5%.</textarea>');
  });

  it.each([
    ['a tag the source lacks', 'Residents blame the <g9>exchange rate</g9>.', '21번째 문자의 &lt;g9&gt;은(는) 원문에 없는 태그'],
    ['an unclosed tag', 'Residents blame the <g1>exchange rate.', '21번째 문자의 &lt;g1&gt;이(가) 닫히지 않았습니다'],
    ['markup that is not ours', 'Residents blame the <b>exchange rate</b>.', '21번째 문자의 &lt;b&gt;은(는) '],
  ])(
    'when the text has %s, then the save answers 400 with the position beside the segment and the typed text kept',
    async (_what, typed, message) => {
      const a = await fresh();
      const res = await a.post(`${a.page}/${a.tagged.id}/save`, { text: typed, baseRevision: '0' });
      expect(res.status).toBe(400);
      const html = await res.text();
      const escaped = typed.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
      expect(html).toContain(`aria-invalid="true" aria-describedby="err-${a.tagged.id}">${escaped}</textarea>`);
      expect(html).toMatch(
        new RegExp(`<p class="message error seg-error" id="err-${a.tagged.id}">[^<]*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      expect((await a.row(a.tagged.id))?.text ?? '').toBe('');
    },
  );

  it('when a save and submit carries a broken tag, then it is refused the same way and the text is kept', async () => {
    const a = await fresh();
    const res = await a.post(`${a.page}/${a.tagged.id}/submit`, { text: 'Residents <x1/> blame it.', baseRevision: '0' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('>Residents &lt;x1/&gt; blame it.</textarea>');
    expect((await a.row(a.tagged.id))?.state ?? 'untranslated').toBe('untranslated');
  });
});
