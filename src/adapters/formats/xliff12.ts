import { jsToXliff12, type XliffJsUnit, xliff12ToJs } from 'xliff';
import type { TranslationState } from '../../core/model.ts';
import type { XliffDocument, XliffFormat } from '../../core/ports/xliff-format.ts';
import { toInline } from './xliff-inline.ts';
import { collectUnits, openXliff, readTexts, type XliffReading } from './xliff-read.ts';
import { writeTandemAttributes, xliffResources } from './xliff-write.ts';
import { editElements } from './xliff-tree.ts';

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

const READING: XliffReading = {
  version: '1.2',
  names: { unit: 'trans-unit', file: 'file', fileKey: 'original', state: 'target' },
  toJs: xliff12ToJs,
};

export const xliff12Format = {
  id: 'xliff12',
  version: '1.2',
  extensions: ['.xlf', '.xliff'],
  mediaType: 'application/xliff+xml',

  async parse(text: string, file?: string): Promise<XliffDocument> {
    const { scan, js, sourceLocale, targetLocale } = await openXliff(text, file, READING);
    const files = collectUnits(
      js,
      scan,
      (unit: XliffJsUnit, scanned) => readTexts(unit, '1.2', () => stateIn(scanned.stateAttributes.state, scanned.attributes.approved)),
      file,
    );
    return { version: '1.2', sourceLocale, targetLocale, files };
  },

  async serialize(document: XliffDocument): Promise<string> {
    const { resources, unitAt } = xliffResources(document, (u) => ({
      source: toInline(u.source, '1.2'),
      ...(u.target !== null && STATE_OUT[u.state] !== null ? { target: toInline(u.target, '1.2') } : {}),
      ...(u.notes.length > 0 ? { note: u.notes } : {}),
      ...(u.state === 'approved' ? { additionalAttributes: { approved: 'yes' } } : {}),
    }));
    // No indentation from the library: it would indent inside <source> and <target>, which changes their text.
    const xml = await jsToXliff12(
      { sourceLanguage: document.sourceLocale, targetLanguage: document.targetLocale, resources },
      { indent: '' },
    );
    let slug = '';
    return editElements(xml, 'trans-unit', (element, unitId) => {
      writeTandemAttributes(element, 'trans-unit', unitId === null ? undefined : unitAt(slug, unitId));
      if (element.name === 'file') slug = String(element.attributes?.original ?? '');
      if (element.name !== 'target' || unitId === null) return;
      const state = STATE_OUT[unitAt(slug, unitId)?.state ?? 'untranslated'];
      if (state) element.attributes = { ...element.attributes, state };
    });
  },
} satisfies XliffFormat;
