import { describe, expect, it } from 'vitest';
import { xliffFormats } from '../../src/adapters/formats/index.ts';
import type { XliffVersion } from '../../src/core/ports/xliff-format.ts';
import { agencyEdit, NAME, reviewer, SLUG, setUpExchange, translateRuns, translator, WORDS } from './xliff-support.ts';

// A file is an edit of the translations as they were at the export: each unit records their revision, and a unit
// whose translation changed since then is refused (a lost update otherwise), as a stale If-Match is by the API.

type Exchange = Awaited<ReturnType<typeof setUpExchange>>;

/** Translator drafts on every segment (what machine drafts would be), so the export carries targets. */
async function drafted(x: Exchange): Promise<void> {
  for (const [id, text] of [
    [x.ids.title, 'Defector interview (draft)'],
    // The name itself, masked in the export (its rendering would come back without its placeholder and be refused).
    [x.ids.name, `<g1>${NAME}</g1> crossed the <g2>border</g2> (draft).`],
    [x.ids.plain, 'Second (draft).'],
    [x.ids.code, 'Third <g1>italics</g1> <x2/> (draft).'],
  ] as const)
    await x.review.saveTranslation({ slug: SLUG, segmentId: id, locale: 'en', text, baseRevision: 0, actor: translator });
}

/** The export, and the agency's edit of it: every unit translated with `state`, `keep` revisions or drop them. */
async function exportAndEdit(x: Exchange, version: XliffVersion, state: 'draft' | 'approved', keep = true) {
  const exported = (await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version })).text;
  const doc = await xliffFormats.parse(exported);
  const edited = agencyEdit(doc, (u) => ({ target: translateRuns(u.source, WORDS), state, ...(keep ? {} : { revision: undefined }) }));
  return { exported, edited: await xliffFormats.forVersion(version).serialize(edited) };
}

const en = async (x: Exchange, id: string) => (await x.record()).translations.find((t) => t.segmentId === id && t.locale === 'en');

describe.each(['1.2', '2.0'] as const)('xliff %s import of a stale file', (version) => {
  it('when a translation changed since the export, then its unit is refused as translation-changed and the newer text kept', async () => {
    const x = await setUpExchange();
    const { edited } = await exportAndEdit(x, version, 'draft');
    await x.review.saveTranslation({
      slug: SLUG,
      segmentId: x.ids.plain,
      locale: 'en',
      text: 'Newer.',
      baseRevision: 0,
      actor: translator,
    });
    const report = await x.xliff.importFile({ content: edited, file: 'back.xlf', importer: translator, agency: 'Lingo' });
    expect(report.refused).toEqual([
      { slug: SLUG, unitId: x.ids.plain, line: expect.any(Number), refusal: { code: 'translation-changed' } },
    ]);
    expect(report).toMatchObject({ applied: 3, unchanged: 0 });
    expect(await en(x, x.ids.plain)).toMatchObject({ text: 'Newer.', textBy: 'tom' });
  });

  it('when the old export comes back after the agency version was approved, then every unit is refused and nothing is overwritten', async () => {
    const x = await setUpExchange();
    await drafted(x);
    const { exported, edited } = await exportAndEdit(x, version, 'approved');
    const first = await x.xliff.importFile({ content: edited, file: 'agency.xlf', importer: reviewer, agency: 'Acme Lang', approve: true });
    expect(first).toMatchObject({ applied: 4, approved: 4, refused: [] });
    const before = await x.record();

    const stale = await x.xliff.importFile({
      content: exported,
      file: 'd-en.xlf',
      importer: { name: 'cli:newsroom' },
      agency: 'Acme Lang',
    });
    expect(stale).toMatchObject({ applied: 0, approved: 0, unchanged: 0 });
    expect(stale.refused.map((r) => [r.unitId, r.refusal])).toEqual(
      [x.ids.title, x.ids.name, x.ids.plain, x.ids.code].map((id) => [id, { code: 'translation-changed' }]),
    );
    const after = await x.record();
    expect(after.history).toHaveLength(before.history.length);
    expect(after.translations.filter((t) => t.locale === 'en').every((t) => t.state === 'approved')).toBe(true);
    expect(await en(x, x.ids.plain)).toMatchObject({ text: 'The second paragraph is plain.', textBy: 'agency:Acme Lang' });
  });

  it('when a file without revisions would replace an approved translation, then that unit is refused; other units apply as before', async () => {
    const x = await setUpExchange();
    await drafted(x);
    await x.review.submit({ slug: SLUG, segmentId: x.ids.plain, locale: 'en', text: 'Approved text.', actor: translator });
    await x.review.approve({ slug: SLUG, segmentId: x.ids.plain, locale: 'en', actor: reviewer });
    const { edited } = await exportAndEdit(x, version, 'draft', false);
    expect(edited).not.toContain('tandem:revision');
    // The title was saved again after this (revision-less) export: such a file keeps replacing unapproved text.
    await x.review.saveTranslation({
      slug: SLUG,
      segmentId: x.ids.title,
      locale: 'en',
      text: 'Later.',
      baseRevision: 1,
      actor: translator,
    });
    const report = await x.xliff.importFile({ content: edited, file: 'old.xlf', importer: translator, agency: 'Lingo' });
    expect(report.refused.map((r) => [r.unitId, r.refusal])).toEqual([[x.ids.plain, { code: 'approved-unversioned' }]]);
    expect(report.applied).toBe(3);
    expect(await en(x, x.ids.plain)).toMatchObject({ text: 'Approved text.', state: 'approved' });
    expect(await en(x, x.ids.title)).toMatchObject({ text: 'Interview with a defector', textBy: 'agency:Lingo' });
  });

  it('when a file without revisions holds the approved text itself, then the unit is unchanged', async () => {
    const x = await setUpExchange();
    await x.review.submit({ slug: SLUG, segmentId: x.ids.plain, locale: 'en', text: 'The second paragraph is plain.', actor: translator });
    await x.review.approve({ slug: SLUG, segmentId: x.ids.plain, locale: 'en', actor: reviewer });
    const { edited } = await exportAndEdit(x, version, 'draft', false);
    const report = await x.xliff.importFile({ content: edited, file: 'old.xlf', importer: translator, agency: 'Lingo' });
    expect(report).toMatchObject({ applied: 3, unchanged: 1, refused: [] });
    expect(await en(x, x.ids.plain)).toMatchObject({ state: 'approved', textBy: 'tom' });
  });

  it('when no agency is named, then the history names the author "agency", not "agency:agency"', async () => {
    const x = await setUpExchange();
    const { edited } = await exportAndEdit(x, version, 'draft');
    const report = await x.xliff.importFile({ content: edited, file: 'back.xlf', importer: translator });
    expect(report).toMatchObject({ agency: 'agency', applied: 4 });
    const saves = (await x.record()).history.filter((h) => h.locale === 'en' && h.action === 'save');
    expect(saves.map((h) => h.by)).toEqual(Array(4).fill('agency'));
  });

  it('when a tag is dropped, then the report lists the tags of each text in their order', async () => {
    const x = await setUpExchange();
    const doc = await xliffFormats.parse((await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version })).text);
    const edited = agencyEdit(doc, (u) => (u.id === x.ids.code ? { target: 'The third holds italics and <x2/>.', state: 'draft' } : null));
    const file = await xliffFormats.forVersion(version).serialize(edited);
    const report = await x.xliff.importFile({ content: file, file: 'back.xlf', importer: translator });
    expect(report.refused.map((r) => r.refusal)).toEqual([
      { code: 'tags', detail: 'the source has <g1></g1><x2/>, the target <x2/>', source: '<g1></g1><x2/>', target: '<x2/>' },
    ]);
  });
});
