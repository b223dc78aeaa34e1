import { jsToXliff12, type XliffJsUnit, xliff12ToJs } from 'xliff';
import type { TranslationState } from '../../core/model.ts';
import type { XliffDocument, XliffFormat, XliffUnit } from '../../core/ports/xliff-format.ts';
import { toInline } from './xliff-inline.ts';
import { collectUnits, documentLocales, readTexts } from './xliff-read.ts';
import { editElements, protectWhitespace, scanUnits, xliffError } from './xliff-tree.ts';

/**
 * XLIFF 1.2 through the xliff library (locize): `<file original="slug">`, one `<trans-unit id="segment id">` per
 * segment. State is `<target state>` plus the unit's `approved`, as Translate Toolkit reads them (an unapproved
 * translation is "fuzzy" there, an approved one is not): draft ↔ `translated`, submitted ↔ `needs-review-translation`,
 * approved ↔ `signed-off` with `approved="yes"`, stale → `needs-translation`, untranslated → no `<target>`.
 */

const STATE_OUT: Readonly<Record<TranslationState, string | null>> = {
  untranslated: null,
  draft: 'translated',
  submitted: 'needs-review-translation',
  approved: 'signed-off',
  stale: 'needs-translation',
};

/** A 1.2 `state` (and `approved`) → Tandem's state; anything that asks for review counts as submitted. */
function stateIn(state: string | undefined, approved: string | undefined): TranslationState {
  if (approved === 'yes') return 'approved';
  if (state === undefined) return 'draft';
  if (state.startsWith('needs-review') || state === 'signed-off' || state === 'final') return 'submitted';
  return 'draft';
}

export const xliff12Format = {
  id: 'xliff12',
  version: '1.2',
  extensions: ['.xlf', '.xliff'],
  mediaType: 'application/xliff+xml',

  async parse(text: string, file?: string): Promise<XliffDocument> {
    const xml = text.replace(/^\uFEFF/, '');
    const scan = scanUnits(xml, { unit: 'trans-unit', file: 'file', fileKey: 'original', state: 'target' }, file);
    if (scan.version !== '1.2') throw xliffError(`version "${scan.version ?? ''}" is not 1.2`, file, 1);
    const js = await xliff12ToJs(protectWhitespace(xml, file));
    const { sourceLocale, targetLocale } = documentLocales(js, file);
    const files = collectUnits(js, scan, (unit: XliffJsUnit, scanned) =>
      readTexts(unit, '1.2', () => stateIn(scanned.stateAttributes.state, scanned.attributes.approved)),
    );
    return { version: '1.2', sourceLocale, targetLocale, files };
  },

  async serialize(document: XliffDocument): Promise<string> {
    const byId = new Map<string, XliffUnit>();
    const resources: Record<string, Record<string, XliffJsUnit>> = {};
    for (const f of document.files) {
      const units: Record<string, XliffJsUnit> = {};
      for (const u of f.units) {
        byId.set(`${f.slug}\u0000${u.id}`, u);
        units[u.id] = {
          source: toInline(u.source, '1.2'),
          ...(u.target !== null && STATE_OUT[u.state] !== null ? { target: toInline(u.target, '1.2') } : {}),
          ...(u.notes.length > 0 ? { note: u.notes } : {}),
          ...(u.state === 'approved' ? { additionalAttributes: { approved: 'yes' } } : {}),
        };
      }
      resources[f.slug] = units;
    }
    // No indentation from the library: it would indent inside <source> and <target>, which changes their text.
    const xml = await jsToXliff12(
      { sourceLanguage: document.sourceLocale, targetLanguage: document.targetLocale, resources },
      { indent: '' },
    );
    let slug = '';
    return editElements(xml, 'trans-unit', (element, unitId) => {
      if (element.name === 'file') slug = String(element.attributes?.original ?? '');
      if (element.name !== 'target' || unitId === null) return;
      const state = STATE_OUT[byId.get(`${slug}\u0000${unitId}`)?.state ?? 'untranslated'];
      if (state) element.attributes = { ...element.attributes, state };
    });
  },
} satisfies XliffFormat;
