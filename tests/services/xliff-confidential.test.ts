import { describe, expect, it } from 'vitest';
import { xliffFormats } from '../../src/adapters/formats/index.ts';
import { agencyEdit, NAME, SLUG, setUpExchange, translateRuns, translator, WORDS } from './xliff-support.ts';

/**
 * A confidential term goes out masked (`<tdmc i="1"/>`, c1 in the file) and comes back as its rendering; the next export
 * carries that translation with the rendering as written, so the file holds the rendering and no placeholder. A file
 * whose target keeps the rendering has kept the name (nothing to put back); one that lost both has not.
 */
describe.each(['1.2', '2.0'] as const)('xliff round trip of a confidential term %s', (version) => {
  async function translated() {
    const x = await setUpExchange();
    const first = await xliffFormats.parse((await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version })).text);
    const file = await xliffFormats
      .forVersion(version)
      .serialize(agencyEdit(first, (u) => ({ target: translateRuns(u.source, WORDS), state: 'draft' })));
    await x.xliff.importFile({ content: file, file: 'first.xlf', importer: translator });
    const again = await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version });
    return { x, again };
  }

  it('when a translation holding the rendering is exported and imported unchanged, then nothing is refused', async () => {
    const { x, again } = await translated();
    expect(again.text).not.toContain(NAME);
    const report = await x.xliff.importFile({ content: again.text, file: 'again.xlf', importer: translator });
    expect(report).toMatchObject({ applied: 0, unchanged: 4, refused: [] });
  });

  it('when the translator edits around the rendering, then the edit is applied with the rendering kept', async () => {
    const { x, again } = await translated();
    const doc = await xliffFormats.parse(again.text);
    const edited = agencyEdit(doc, (u) =>
      u.id === x.ids.name ? { target: '<g1>A defector</g1> told us he crossed the <g2>border</g2>.', state: 'draft' } : null,
    );
    const file = await xliffFormats.forVersion(version).serialize(edited);
    const report = await x.xliff.importFile({ content: file, file: 'edit.xlf', importer: translator });
    expect(report).toMatchObject({ applied: 1, refused: [] });
    const stored = (await x.record()).translations.find((t) => t.segmentId === x.ids.name && t.locale === 'en');
    expect(stored?.text).toBe('<g1>A defector</g1> told us he crossed the <g2>border</g2>.');
  });

  it('when the target loses both the placeholder and the rendering, then the unit is still refused', async () => {
    const { x, again } = await translated();
    const doc = await xliffFormats.parse(again.text);
    const edited = agencyEdit(doc, (u) =>
      u.id === x.ids.name ? { target: '<g1>Someone</g1> crossed the <g2>border</g2>.', state: 'draft' } : null,
    );
    const file = await xliffFormats.forVersion(version).serialize(edited);
    const report = await x.xliff.importFile({ content: file, file: 'lost.xlf', importer: translator });
    expect(report.refused.map((r) => [r.unitId, r.refusal.code])).toEqual([[x.ids.name, 'placeholders']]);
  });

  it('when a target keeps the placeholder and also writes the rendering, then the placeholder still counts once', async () => {
    const { x } = await translated();
    const first = await xliffFormats.parse((await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version })).text);
    const edited = agencyEdit(first, (u) =>
      u.id === x.ids.name ? { target: '<g1><tdmc i="1"/></g1>, a defector, crossed the <g2>border</g2>.', state: 'draft' } : null,
    );
    const file = await xliffFormats.forVersion(version).serialize(edited);
    const report = await x.xliff.importFile({ content: file, file: 'both.xlf', importer: translator });
    expect(report).toMatchObject({ applied: 1, refused: [] });
  });
});
