import { js2xliff, type XliffJsUnit, xliff2js } from 'xliff';
import type { TranslationState } from '../../core/model.ts';
import type { XliffDocument, XliffFormat } from '../../core/ports/xliff-format.ts';
import { toInline } from './xliff-inline.ts';
import { collectUnits, openXliff, readTexts, type XliffReading } from './xliff-read.ts';
import { writeTandemAttributes, xliffResources } from './xliff-write.ts';
import { editElements } from './xliff-tree.ts';

/**
 * XLIFF 2.0 through the xliff library (locize): `<file id="slug">`, one `<unit id="segment id">` with one `<segment>`
 * per segment. State is the segment's `state`, with a `subState` where 2.0's four states hold two of Tandem's:
 * untranslated ↔ `initial` (no target), draft ↔ `translated` + `tandem:draft`, submitted ↔ `translated`, approved ↔
 * `final` (and `reviewed` on reading), stale → `initial` + `tandem:stale` with the old target.
 */

const STATE_OUT: Readonly<Record<TranslationState, { state: string; subState?: string }>> = {
  untranslated: { state: 'initial' },
  draft: { state: 'translated', subState: 'tandem:draft' },
  submitted: { state: 'translated', subState: 'tandem:submitted' },
  approved: { state: 'final' },
  stale: { state: 'initial', subState: 'tandem:stale' },
};

function stateIn(state: string | undefined, subState: string | undefined): TranslationState {
  if (state === 'final' || state === 'reviewed') return 'approved';
  if (state === 'translated') return subState === 'tandem:draft' ? 'draft' : 'submitted';
  return 'draft';
}

const READING: XliffReading = { version: '2.0', names: { unit: 'unit', file: 'file', fileKey: 'id', state: 'segment' }, toJs: xliff2js };

export const xliff20Format = {
  id: 'xliff20',
  version: '2.0',
  extensions: ['.xlf', '.xliff'],
  mediaType: 'application/xliff+xml',

  async parse(text: string, file?: string): Promise<XliffDocument> {
    const { scan, js, sourceLocale, targetLocale } = await openXliff(text, file, READING);
    const files = collectUnits(
      js,
      scan,
      (unit: XliffJsUnit, scanned) =>
        readTexts(
          unit,
          '2.0',
          () => stateIn(scanned.stateAttributes.state, scanned.stateAttributes.subState),
          // The library keeps only the last <segment> of a unit; Tandem writes one, and reads no unit it would cut.
          scanned.segments > 1 ? `${scanned.segments} <segment> elements in one unit` : undefined,
        ),
      file,
    );
    return { version: '2.0', sourceLocale, targetLocale, files };
  },

  async serialize(document: XliffDocument): Promise<string> {
    const { resources, unitAt } = xliffResources(document, (u) => ({
      source: toInline(u.source, '2.0'),
      ...(u.target !== null && u.state !== 'untranslated' ? { target: toInline(u.target, '2.0') } : {}),
      ...(u.notes.length > 0 ? { note: u.notes } : {}),
    }));
    // No indentation from the library: it would indent inside <source> and <target>, which changes their text.
    const xml = await js2xliff({ sourceLanguage: document.sourceLocale, targetLanguage: document.targetLocale, resources }, { indent: '' });
    let slug = '';
    return editElements(xml, 'unit', (element, unitId) => {
      writeTandemAttributes(element, 'unit', unitId === null ? undefined : unitAt(slug, unitId));
      if (element.name === 'file') slug = String(element.attributes?.id ?? '');
      if (element.name !== 'segment' || unitId === null) return;
      const { state, subState } = STATE_OUT[unitAt(slug, unitId)?.state ?? 'untranslated'];
      element.attributes = { ...element.attributes, state, ...(subState ? { subState } : {}) };
    });
  },
} satisfies XliffFormat;
