import { describe, expect, it } from 'vitest';
import { xliffFormats } from '../../src/adapters/formats/index.ts';
import { FormatParseError, ForbiddenError, LimitError, NotFoundError } from '../../src/core/errors.ts';
import { LIMITS } from '../../src/core/limits.ts';
import { UnknownLocaleError } from '../../src/core/locale.ts';
import type { XliffVersion } from '../../src/core/ports/xliff-format.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { article } from './support.ts';
import { agencyEdit, NAME, reviewer, SLUG, setUpExchange, translateRuns, translator, WORDS } from './xliff-support.ts';

/** Export, let the "agency" translate every unit with `state`, and write the file back in the same version. */
async function agencyFile(x: Awaited<ReturnType<typeof setUpExchange>>, version: XliffVersion, state: 'draft' | 'submitted' | 'approved') {
  const exported = await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version });
  const doc = await xliffFormats.parse(exported.text);
  const edited = agencyEdit(doc, (u) => ({ target: translateRuns(u.source, WORDS), state }));
  return xliffFormats.forVersion(version).serialize(edited);
}

describe.each(['1.2', '2.0'] as const)('xliff exchange %s', (version) => {
  it('when an article is exported, then the file holds every live segment, masked, with glossary and confidential notes', async () => {
    const x = await setUpExchange();
    const { text, fileName, mediaType } = await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version });
    expect(fileName).toBe(`${SLUG}.en.xlf`);
    expect(mediaType).toBe('application/xliff+xml');
    expect(text).not.toContain(NAME);
    const doc = await xliffFormats.parse(text);
    expect(doc).toMatchObject({ version, sourceLocale: 'ko', targetLocale: 'en' });
    const units = doc.files[0]!.units;
    expect(units.map((u) => u.id)).toEqual([x.ids.title, x.ids.name, x.ids.plain, x.ids.code]);
    const name = units.find((u) => u.id === x.ids.name)!;
    expect(name.source).toBe('<g1><tdmc i="1"/></g1>씨는 <g2>국경</g2>을 넘었다고 말했다.');
    expect(name.notes).toContain('glossary: 국경 → border');
    expect(name.notes.some((n) => n.startsWith('confidential: c1 stands for a name'))).toBe(true);
    expect(units.every((u) => u.state === 'untranslated' && u.target === null)).toBe(true);
  });

  it('when the agency file comes back, then each unit is the agency draft, unmasked, named in the history', async () => {
    const x = await setUpExchange();
    const file = await agencyFile(x, version, 'draft');
    const report = await x.xliff.importFile({ content: file, file: 'back.xlf', importer: translator, agency: 'Lingo Ltd' });
    expect(report).toMatchObject({ version, locale: 'en', agency: 'Lingo Ltd', applied: 4, approved: 0, unchanged: 0, refused: [] });
    const record = await x.record();
    const text = (id: string) => record.translations.find((t) => t.segmentId === id && t.locale === 'en');
    // The name comes back as the article's rendering, as machine drafts are unmasked.
    expect(text(x.ids.name)).toMatchObject({ state: 'draft', text: '<g1>a defector</g1> said he crossed the <g2>border</g2>.' });
    expect(text(x.ids.code)).toMatchObject({
      state: 'draft',
      text: 'The third paragraph holds <g1>italics</g1> and <x2/>.',
      textBy: 'agency:Lingo Ltd',
    });
    const saves = record.history.filter((h) => h.locale === 'en' && h.action === 'save');
    expect(saves).toHaveLength(4);
    expect(saves.every((h) => h.by === 'agency:Lingo Ltd')).toBe(true);
  });

  it('when the same file is imported twice, then the second import changes nothing', async () => {
    const x = await setUpExchange();
    const file = await agencyFile(x, version, 'submitted');
    await x.xliff.importFile({ content: file, file: 'back.xlf', importer: translator, agency: 'Lingo' });
    const before = await x.record();
    const again = await x.xliff.importFile({ content: file, file: 'back.xlf', importer: translator, agency: 'Lingo' });
    expect(again).toMatchObject({ applied: 0, unchanged: 4, refused: [] });
    expect((await x.record()).history).toHaveLength(before.history.length);
  });

  it('when the file says submitted, then the units wait for review; exported again, they say so', async () => {
    const x = await setUpExchange();
    await x.xliff.importFile({ content: await agencyFile(x, version, 'submitted'), file: 'back.xlf', importer: translator });
    const states = (await x.record()).translations.filter((t) => t.locale === 'en').map((t) => t.state);
    expect(states).toEqual(['submitted', 'submitted', 'submitted', 'submitted']);
    const again = await xliffFormats.parse((await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version })).text);
    expect(again.files[0]!.units.map((u) => u.state)).toEqual(['submitted', 'submitted', 'submitted', 'submitted']);
    // The exported target is masked again: the rendering is not a name, the file still holds none.
    expect(again.files[0]!.units.find((u) => u.id === x.ids.name)!.target).toBe('<g1>a defector</g1> said he crossed the <g2>border</g2>.');
  });

  it('when a reviewer imports with approval, then units the file approves are approved by the reviewer, the agency named', async () => {
    const x = await setUpExchange();
    const report = await x.xliff.importFile({
      content: await agencyFile(x, version, 'approved'),
      file: 'back.xlf',
      importer: reviewer,
      agency: 'Lingo',
      approve: true,
    });
    expect(report).toMatchObject({ applied: 4, approved: 4, refused: [], notApproved: [] });
    const record = await x.record();
    expect(record.translations.filter((t) => t.locale === 'en').every((t) => t.state === 'approved')).toBe(true);
    const approvals = record.history.filter((h) => h.action === 'approve');
    expect(approvals.map((h) => [h.by, h.comment])).toEqual(Array(4).fill(['rita', 'approved from an XLIFF file of agency:Lingo']));
  });

  it('when approval is asked for text the reviewer wrote, then four-eyes refuses that approval and keeps the rest', async () => {
    const x = await setUpExchange();
    const { ids } = x;
    await x.review.submit({ slug: SLUG, segmentId: ids.plain, locale: 'en', text: 'The second paragraph is plain.', actor: reviewer });
    const report = await x.xliff.importFile({
      content: await agencyFile(x, version, 'approved'),
      file: 'back.xlf',
      importer: reviewer,
      approve: true,
    });
    expect(report.approved).toBe(3);
    expect(report.notApproved).toEqual([
      expect.objectContaining({
        unitId: ids.plain,
        refusal: { code: 'rejected', reason: expect.stringMatching(/four-eyes/), messageCode: 'translation.four-eyes' },
      }),
    ]);
    const plain = (await x.record()).translations.find((t) => t.segmentId === ids.plain && t.locale === 'en');
    expect(plain).toMatchObject({ state: 'submitted', textBy: 'rita' });
  });

  it('when a translator asks to approve, then the import is refused before anything is written', async () => {
    const x = await setUpExchange();
    const file = await agencyFile(x, version, 'approved');
    await expect(x.xliff.importFile({ content: file, file: 'back.xlf', importer: translator, approve: true })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await x.record()).translations.filter((t) => t.locale === 'en' && t.state !== 'untranslated')).toEqual([]);
  });

  it('when a translator of another language imports, then the import is refused before anything is written', async () => {
    const x = await setUpExchange();
    const file = await agencyFile(x, version, 'draft');
    const japanese = { name: 'jun', role: 'translator', locales: ['ja'] } as const;
    const error = await x.xliff.importFile({ content: file, file: 'back.xlf', importer: japanese }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).reason).toBe('role.locale');
    expect((await x.record()).translations.filter((t) => t.locale === 'en' && t.state !== 'untranslated')).toEqual([]);
  });

  it('when a source changed since the export, then its unit is refused with a report line and the others applied', async () => {
    const x = await setUpExchange();
    const file = await agencyFile(x, version, 'draft');
    await x.reimport('두 번째 문단은 이제 다르다.');
    const record = await x.record();
    const changedId = record.segments.find((s) => !s.removedAt && s.source.startsWith('두 번째'))!.id;
    const report = await x.xliff.importFile({ content: file, file: 'back.xlf', importer: translator });
    // A re-import keeps the segment id when a paragraph is edited: the unit is there, its source is not the file's.
    expect(report.refused).toEqual([
      {
        slug: SLUG,
        unitId: x.ids.plain,
        line: expect.any(Number),
        refusal: { code: changedId === x.ids.plain ? 'source-changed' : 'unknown-unit' },
      },
    ]);
    expect(report.applied).toBe(3);
    const stored = (await x.record()).translations.find((t) => t.segmentId === changedId && t.locale === 'en');
    expect(stored?.text ?? '').toBe('');
  });

  it('when units have broken tags, lost names, unknown ids or articles, then each is refused with its id', async () => {
    const x = await setUpExchange();
    const exported = await xliffFormats.parse((await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version })).text);
    const edited = agencyEdit(exported, (u) => {
      if (u.id === x.ids.code) return { target: 'The third paragraph holds italics and <x2/>.', state: 'draft' };
      if (u.id === x.ids.name) return { target: 'Someone crossed the <g2>border</g2>.<g1>x</g1>', state: 'draft' };
      return { target: translateRuns(u.source, WORDS), state: 'draft' };
    });
    const extra = {
      ...edited,
      files: [
        {
          ...edited.files[0]!,
          units: [...edited.files[0]!.units, { id: 's-nowhere', source: '없음', target: 'None', state: 'draft' as const, notes: [] }],
        },
        { slug: 'no-such-article', units: [{ id: 's-1', source: '가', target: 'A', state: 'draft' as const, notes: [] }] },
      ],
    };
    const file = await xliffFormats.forVersion(version).serialize(extra);
    const report = await x.xliff.importFile({ content: file, file: 'back.xlf', importer: translator });
    expect(report.refused.map((r) => [r.slug, r.unitId, r.refusal.code])).toEqual([
      [SLUG, x.ids.name, 'placeholders'],
      [SLUG, x.ids.code, 'tags'],
      [SLUG, 's-nowhere', 'unknown-unit'],
      ['no-such-article', 's-1', 'unknown-article'],
    ]);
    expect(report.applied).toBe(2);
    expect(report.refused.every((r) => typeof r.line === 'number' && r.line > 1)).toBe(true);
  });
});

describe('xliff exchange files', () => {
  it('when a file is over the size limit, then it is refused before it is parsed', async () => {
    const x = await setUpExchange();
    const content = new Uint8Array(LIMITS.xliffBytes + 1).fill(0x3c);
    const error = await x.xliff.importFile({ content, file: 'huge.xlf', importer: translator }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).limit).toBe('xliffBytes');
  });

  it('when a file is not XLIFF, then the error says where', async () => {
    const x = await setUpExchange();
    const content =
      '<xliff version="1.2">\n<file original="a" source-language="ko" target-language="en"><body>\n<trans-unit><source>a</source></trans-unit></body></file></xliff>';
    const error = (await x.xliff
      .importFile({ content, file: 'bad.xlf', importer: translator })
      .catch((e: unknown) => e)) as FormatParseError;
    expect(error).toBeInstanceOf(FormatParseError);
    expect([error.message, error.line, error.reason]).toEqual([
      'xliff: bad.xlf: line 3: <trans-unit> without id',
      3,
      'xliff.unreadable-at',
    ]);
  });

  it('when several articles are exported, then one file holds them in order; an unknown article is refused', async () => {
    const x = await setUpExchange();
    await expect(x.xliff.exportFile({ slugs: [SLUG, 'missing'], locale: 'en', version: '2.0' })).rejects.toBeInstanceOf(NotFoundError);
    await importArticle(x.deps, { file: 'second-story.md', content: article('둘째 기사', ['짧은 문단.']), by: 'editor' });
    const { fileName, text } = await x.xliff.exportFile({ slugs: ['second-story', SLUG], locale: 'en', version: '2.0' });
    expect(fileName).toBe('tandem-2-articles.en.xlf');
    const doc = await xliffFormats.parse(text);
    expect(doc.files.map((f) => [f.slug, f.units.length])).toEqual([
      ['second-story', 2],
      [SLUG, 4],
    ]);
    await expect(x.xliff.exportFile({ slugs: [SLUG], locale: 'ko', version: '2.0' })).rejects.toBeInstanceOf(UnknownLocaleError);
  });
});
