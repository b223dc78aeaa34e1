import { describe, expect, it } from 'vitest';
import { xliffFormats } from '../../src/adapters/formats/index.ts';
import { XliffExchangeService } from '../../src/services/xliff-exchange.ts';
import { backendsWith, useBackend } from '../adapters/storage/backends.ts';
import { agencyEdit, setUpExchange, SLUG, translateRuns, translator } from './xliff-support.ts';

// The revision a unit was exported with is enforced by the review service's write, inside each backend's transaction:
// a translation saved between the import's check and its write is refused there, on every backend (PostgreSQL too).

describe.each(backendsWith('articles'))('xliff import over $name', (row) => {
  const backend = useBackend(row);

  it('when the translation changes between the check and the write, then the write refuses the unit as translation-changed', async () => {
    const x = await setUpExchange(backend.storage.articles);
    const doc = await xliffFormats.parse((await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version: '2.0' })).text);
    const words = { '두 번째 문단은 평범하다.': 'The second paragraph is plain.', '탈북민 인터뷰': 'Interview' };
    const file = await xliffFormats
      .forVersion('2.0')
      .serialize(
        agencyEdit(doc, (u) =>
          u.id === x.ids.plain || u.id === x.ids.title ? { target: translateRuns(u.source, words), state: 'draft' } : null,
        ),
      );
    const seen = await x.record();
    await x.review.saveTranslation({
      slug: SLUG,
      segmentId: x.ids.plain,
      locale: 'en',
      text: 'Newer.',
      baseRevision: 0,
      actor: translator,
    });
    // The service reads the article as it was before that save; only the review write sees the new revision.
    const late = new XliffExchangeService({
      store: { get: async () => seen },
      formats: xliffFormats,
      context: (record, locale) => x.checks.contextFor(record, locale),
      review: x.review,
      targetLocales: ['en'],
    });
    const report = await late.importFile({ content: file, file: 'back.xlf', importer: translator, agency: 'Lingo' });
    expect(report.refused.map((r) => [r.unitId, r.refusal])).toEqual([[x.ids.plain, { code: 'translation-changed' }]]);
    expect(report.applied).toBe(1);
    const en = (await x.record()).translations.filter((t) => t.locale === 'en');
    expect(en.find((t) => t.segmentId === x.ids.plain)).toMatchObject({ text: 'Newer.', textBy: 'tom' });
    expect(en.find((t) => t.segmentId === x.ids.title)).toMatchObject({ text: 'Interview', textBy: 'agency:Lingo' });
  });
});
