import { maskPlain, maskTerms, type MaskTerm, placeholder, splitPlaceholders, unmaskTranslation } from '../core/masking.ts';
import type { ArticleRecord, Segment, Translation } from '../core/model.ts';
import type { XliffUnit } from '../core/ports/xliff-format.ts';
import { escapeText, tagSequence, tagSignature, tagString, tokenize, unescapeText } from '../core/segment-text.ts';
import { glossaryHits } from './checks.ts';
import type { GlossaryTerm } from '../core/ports/check.ts';

/**
 * One segment ↔ one XLIFF unit. What leaves for an agency is masked as text leaves for machine translation
 * (core/masking.ts, with the article's terms from confidential.ts `termsForArticle`): the source, the target and every
 * note, so the file never holds a confidential name. What comes back is checked against the article as it is now and
 * unmasked as machine drafts are.
 */

/** Plain text with every confidential term replaced by `[confidential]` (for notes). */
function maskedNote(text: string, terms: readonly MaskTerm[]): string {
  return splitPlaceholders(maskPlain(text, terms))
    .map((piece) => (typeof piece === 'number' ? '[confidential]' : unescapeText(piece)))
    .join('');
}

/**
 * The target as the file carries it: masked, each placeholder numbered as the source's placeholder for the same text
 * (the slot), so the agency keeps names where they are. null when a name in it has no counterpart in the source: the
 * unit then goes out without its target rather than with a name.
 */
function maskedTarget(target: string, terms: readonly MaskTerm[], sourceSlots: readonly string[]): string | null {
  const { masked, slots } = maskTerms(target, terms);
  if (slots.length === 0) return masked;
  const pieces = splitPlaceholders(masked);
  const used = new Set<number>();
  const out: string[] = [];
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      out.push(piece);
      continue;
    }
    const k = sourceSlots.findIndex((slot, i) => !used.has(i) && slot === slots[piece - 1]);
    if (k === -1) return null;
    used.add(k);
    out.push(placeholder(k + 1));
  }
  return out.join('');
}

/** The unit of a live segment for the file (`translation` null when untranslated). */
export function unitOf(
  segment: Segment,
  translation: Translation | null,
  terms: readonly MaskTerm[],
  glossary: readonly GlossaryTerm[],
): XliffUnit {
  const source = maskTerms(segment.source, terms);
  const state = translation?.state ?? 'untranslated';
  const target = translation && translation.text !== '' ? maskedTarget(translation.text, terms, source.slots) : null;
  const notes: string[] = [];
  if (source.slots.length > 0) {
    const ids = source.slots.map((_, i) => `c${i + 1}`).join(', ');
    const what = source.slots.length === 1 ? 'stands for a name' : 'stand for names';
    notes.push(`confidential: ${ids} ${what} that must not leave the newsroom; keep each placeholder once, where the name belongs`);
  }
  for (const term of glossaryHits(segment.source, glossary)) {
    // A glossary entry that names a confidential term would give it away.
    if (maskTerms(escapeText(`${term.source} ${term.target}`), terms).slots.length > 0) continue;
    notes.push(`glossary: ${term.source} → ${term.target}${term.note ? ` (${term.note})` : ''}`);
  }
  for (const c of translation?.comments ?? []) notes.push(`comment by ${c.by}, ${c.at.slice(0, 10)}: ${maskedNote(c.text, terms)}`);
  if (translation && translation.text !== '' && target === null)
    notes.push('the current translation is left out: it names someone confidential');
  return {
    id: segment.id,
    source: source.masked,
    target,
    state: target === null ? 'untranslated' : state,
    // What the import compares with the translation then (xliff-exchange.ts `staleness`): 0 when there was none.
    revision: translation?.revision ?? 0,
    notes,
  };
}

/** Segment text compared as written in a file: escapes decoded, tags as Tandem writes them, NFC. */
function comparable(text: string): string {
  return tokenize(text.normalize('NFC'))
    .map((t) => (t.type === 'text' ? unescapeText(t.text) : tagString(t)))
    .join('');
}

/** Why a unit cannot be applied, with what the report shows. */
export type UnitRefusal =
  | { readonly code: 'unknown-unit' }
  | { readonly code: 'source-changed' }
  /** The translation changed in Tandem since the export (its revision differs) and the file's text is not it. */
  | { readonly code: 'translation-changed' }
  /** A file without revisions (exported before they were recorded) would replace an approved translation. */
  | { readonly code: 'approved-unversioned' }
  /**
   * Inline tags unlike the source's: `detail` in English for the command line; `source` and `target`, the tag
   * sequences (`<g1></g1>`, empty for none) when they could be read, so another front end words it in its language.
   */
  | { readonly code: 'tags'; readonly detail: string; readonly source?: string; readonly target?: string }
  | { readonly code: 'placeholders' };

/** A unit checked against the article: the unmasked target to apply, or why not. */
export type CheckedUnit =
  | { readonly ok: true; readonly segment: Segment; readonly text: string }
  | { readonly ok: false; readonly refusal: UnitRefusal };

/**
 * Check a unit (with a target) against the article now: its segment is live, its source is the masked source of today
 * (an edit since the export refuses it: the agency translated another text), its inline tags are the source's, and
 * each confidential placeholder comes back exactly once, or its rendering is written out instead (a translation exported
 * with the rendering in it carries no placeholder: core/masking.ts `unmaskTranslation`). Returns the target with the
 * names put back.
 */
export function checkUnit(unit: XliffUnit & { readonly target: string }, record: ArticleRecord, terms: readonly MaskTerm[]): CheckedUnit {
  const segment = record.segments.find((s) => s.id === unit.id && !s.removedAt);
  if (!segment) return { ok: false, refusal: { code: 'unknown-unit' } };
  if (unit.problem) return { ok: false, refusal: { code: 'tags', detail: unit.problem } };
  const { masked, slots } = maskTerms(segment.source, terms);
  if (comparable(unit.source) !== comparable(masked)) return { ok: false, refusal: { code: 'source-changed' } };
  if (tagSignature(masked) !== tagSignature(unit.target)) {
    // Compared in any order, reported in the order of each text, as people read them.
    const want = tagSequence(masked).join('');
    const got = tagSequence(unit.target).join('');
    return {
      ok: false,
      refusal: { code: 'tags', detail: `the source has ${want || 'none'}, the target ${got || 'none'}`, source: want, target: got },
    };
  }
  const { text, intact } = unmaskTranslation(unit.target, slots, terms);
  if (!intact) return { ok: false, refusal: { code: 'placeholders' } };
  return { ok: true, segment, text };
}
