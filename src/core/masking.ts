/**
 * Confidential terms never leave the newsroom: before text goes to an outside MT service every occurrence is replaced
 * by a placeholder tag the engine is told to ignore, and after the draft comes back each placeholder becomes the
 * term again or its chosen rendering.
 */

import { type FoldedView, foldTerm, foldView } from './folded-view.ts';
import { escapeText, stripTags, tagString, tokenize } from './segment-text.ts';

/** The tag name DeepL is told to ignore (`ignore_tags`). */
export const PLACEHOLDER_TAG = 'tdmc';

/** The placeholder of slot `n` (1-based) as masked text holds it: `<tdmc i="n"/>`. */
export function placeholder(n: number): string {
  return `<${PLACEHOLDER_TAG} i="${n}"/>`;
}

// A placeholder as an engine (or an exchange file) may give it back: spaced, or as an empty element pair.
const PLACEHOLDER_PATTERN = new RegExp(`<${PLACEHOLDER_TAG}\\s+i="(\\d+)"\\s*/>(?:</${PLACEHOLDER_TAG}>)?`, 'g');

/**
 * Masked text cut at its placeholders: the segment text between them, and each placeholder's slot number (1-based),
 * in order. `splitPlaceholders('a<tdmc i="1"/>b')` is `['a', 1, 'b']`; empty pieces are left out.
 */
export function splitPlaceholders(text: string): (string | number)[] {
  const pieces: (string | number)[] = [];
  let from = 0;
  for (const m of text.matchAll(PLACEHOLDER_PATTERN)) {
    if (m.index > from) pieces.push(text.slice(from, m.index));
    pieces.push(Number(m[1]));
    from = m.index + m[0].length;
  }
  if (from < text.length) pieces.push(text.slice(from));
  return pieces;
}

export interface MaskTerm {
  readonly term: string;
  /** What the translation shows instead; the original term when absent. */
  readonly render?: string;
}

export interface MaskResult {
  readonly masked: string;
  /** Replacement for placeholder number i+1 (the rendering, or the text as it was found). */
  readonly slots: readonly string[];
}

/**
 * Segment text as masking reads it: the text runs joined with the tags left out (still escaped, as terms are matched
 * escaped), and where each tag and each run sat, so a match in the view maps back to the segment text.
 */
export interface MaskView {
  /** The tag-free text (escapes kept). */
  readonly text: string;
  /** For each text run: its offset in the view and in the segment text. */
  readonly runs: readonly { readonly view: number; readonly raw: number }[];
  /** Each tag with the view offset it sits before. */
  readonly tags: readonly { readonly view: number; readonly tag: string }[];
}

/** Build the masking view of a segment text (see MaskView). */
export function maskView(text: string): MaskView {
  let view = '';
  let raw = 0;
  const runs: { view: number; raw: number }[] = [];
  const tags: { view: number; tag: string }[] = [];
  for (const t of tokenize(text)) {
    if (t.type === 'text') {
      runs.push({ view: view.length, raw });
      view += t.text;
      raw += t.text.length;
    } else {
      const tag = tagString(t);
      tags.push({ view: view.length, tag });
      raw += tag.length;
    }
  }
  return { text: view, runs, tags };
}

/** Segment-text offset of view offset `at` (a character inside a run). */
function rawOffset(view: MaskView, at: number): number {
  let lo = 0;
  let hi = view.runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (view.runs[mid]!.view <= at) lo = mid;
    else hi = mid - 1;
  }
  const run = view.runs[lo]!;
  return run.raw + (at - run.view);
}

/** A confidential term found in segment text: UTF-16 offsets in the tag-free view (see MaskView), and which term. */
interface ViewMatch {
  readonly start: number;
  readonly end: number;
  readonly term: MaskTerm;
}

/**
 * Every occurrence of the terms in the view text "in any form": NFC or NFD, any letter case, compatibility forms
 * (full-width `ＫＩＭ`), ignorable code points (isIgnorable) or spaces between its letters, inline tags inside it
 * (the view leaves them out), inside a longer word and with particles attached (김철민씨는). Matching inside words is
 * deliberate: a false positive only hides a word from the engine, a false negative leaks a name. Where matches
 * overlap, the one starting first wins, then the longer one. Time is linear in the text for a fixed list of terms.
 */
function findInView(viewText: string | FoldedView, terms: readonly MaskTerm[]): ViewMatch[] {
  const folded = typeof viewText === 'string' ? foldView(viewText) : viewText;
  const found: { start: number; end: number; term: MaskTerm }[] = [];
  for (const term of terms) {
    const needle = foldTerm(term.term);
    if (needle === '') continue;
    for (let at = folded.text.indexOf(needle); at !== -1; at = folded.text.indexOf(needle, at + 1)) {
      found.push({ start: folded.starts[at]!, end: folded.ends[at + needle.length - 1]!, term });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: ViewMatch[] = [];
  let reach = 0;
  for (const m of found) {
    if (m.start < reach || m.end <= m.start) continue;
    kept.push(m);
    reach = m.end;
  }
  return kept;
}

/**
 * Replace every confidential term in segment text (found as findInView does) by `<tdmc i="n"/>` placeholders.
 * Inline tags that split a term are kept, moved after the placeholder. The text is NFC-normalized first.
 */
export function maskTerms(text: string, terms: readonly MaskTerm[]): MaskResult {
  const normalized = text.normalize('NFC');
  const usable = terms.filter((t) => t.term.trim() !== '');
  if (usable.length === 0) return { masked: normalized, slots: [] };
  const view = maskView(normalized);
  const slots: string[] = [];
  let masked = '';
  let done = 0;
  let nextTag = 0;
  for (const { start, end, term } of findInView(view.text, usable)) {
    while (nextTag < view.tags.length && view.tags[nextTag]!.view <= start) nextTag += 1;
    const inside: string[] = [];
    while (nextTag < view.tags.length && view.tags[nextTag]!.view < end) inside.push(view.tags[nextTag++]!.tag);
    slots.push(term.render !== undefined ? escapeText(term.render) : view.text.slice(start, end));
    masked += `${normalized.slice(done, rawOffset(view, start))}${placeholder(slots.length)}${inside.join('')}`;
    done = rawOffset(view, end - 1) + 1;
  }
  return { masked: masked + normalized.slice(done), slots };
}

/**
 * The terms that occur in segment text, each once, in list order (matched as maskTerms matches them). The
 * confidential check uses it, so what masking hides and what the check flags are the same thing.
 */
export function termsIn(text: string, terms: readonly MaskTerm[]): MaskTerm[] {
  return termsInEach(text, [terms])[0]!;
}

/**
 * termsIn for several lists of terms, each matched on its own as termsIn matches it (a match of one list never hides
 * one of another), with the text folded once: the confidential check asks, name by name, whether any form of it
 * appears. One result per list, in list order.
 */
export function termsInEach(text: string, lists: readonly (readonly MaskTerm[])[]): MaskTerm[][] {
  const usable = lists.map((terms) => terms.filter((t) => t.term.trim() !== ''));
  if (usable.every((terms) => terms.length === 0)) return usable;
  // The masking view's text is the segment text without its tags (see maskView), built here without the offsets.
  const folded = foldView(stripTags(text.normalize('NFC')));
  return usable.map((terms) => {
    if (terms.length === 0) return [];
    const hits = new Set(findInView(folded, terms).map((m) => m.term));
    return terms.filter((t) => hits.has(t));
  });
}

/** Mask plain text (context), where no inline tags are expected and placeholders are kept as tags. */
export function maskPlain(text: string, terms: readonly MaskTerm[]): string {
  return maskTerms(escapeText(text), terms).masked;
}

export interface UnmaskResult {
  /** The text with the terms back; a placeholder that could not be put back stays in it (see unmaskTerms). */
  readonly text: string;
  /** False when a placeholder came back missing, twice, or unknown. */
  readonly intact: boolean;
}

/**
 * Put the terms (or their renderings) back where the placeholders are. A placeholder that names no slot is kept as
 * written, and the placeholder of a slot that never came back is appended at the end, so the text itself shows what
 * went wrong: the inline-tags check flags a leftover placeholder (an error) until a person writes the name in its place.
 */
export function unmaskTerms(text: string, slots: readonly string[]): UnmaskResult {
  return unmask(text, slots, new Set());
}

/**
 * unmaskTerms for a translation a person wrote (an exchange file coming back): a slot whose placeholder is missing is
 * back when the text holds the slot's rendering instead, matched as terms are (any letter case or form, spaces and
 * ignorable code points aside). A translation that already holds a rendering goes out with it written out (only names
 * are masked), so a file returned unchanged, or edited around the rendering, has kept the name; one occurrence answers
 * one slot. A slot that is the name itself (a term without rendering) has no written form that may come back.
 */
export function unmaskTranslation(text: string, slots: readonly string[], terms: readonly MaskTerm[]): UnmaskResult {
  const pieces = splitPlaceholders(text);
  const present = new Set(pieces.filter((p): p is number => typeof p === 'number'));
  const renderOf = new Map(terms.flatMap((t) => (t.render !== undefined ? [[escapeText(t.render), t.render] as const] : [])));
  const missing = slots.flatMap((slot, i) => (!present.has(i + 1) && renderOf.has(slot) ? [i] : []));
  if (missing.length === 0) return unmaskTerms(text, slots);
  const needles = [...new Set(missing.map((i) => renderOf.get(slots[i]!)!))].map((term) => ({ term }));
  const written = new Map<string, number>();
  for (const piece of pieces) {
    if (typeof piece === 'number') continue;
    for (const m of findInView(maskView(piece).text, needles)) written.set(m.term.term, (written.get(m.term.term) ?? 0) + 1);
  }
  const kept = new Set<number>();
  for (const i of missing) {
    const render = renderOf.get(slots[i]!)!;
    const left = written.get(render) ?? 0;
    if (left === 0) continue;
    written.set(render, left - 1);
    kept.add(i + 1);
  }
  return unmask(text, slots, kept);
}

/** unmaskTerms, with the slots in `kept` (1-based) already written out in the text. */
function unmask(text: string, slots: readonly string[], kept: ReadonlySet<number>): UnmaskResult {
  const seen = new Map<number, number>();
  let unknown = false;
  const restored = text.replace(PLACEHOLDER_PATTERN, (written, n: string) => {
    const i = Number(n);
    seen.set(i, (seen.get(i) ?? 0) + 1);
    const slot = slots[i - 1];
    if (slot === undefined) {
      unknown = true;
      return written;
    }
    return slot;
  });
  for (const i of kept) seen.set(i, 1);
  const intact = !unknown && slots.every((_, i) => seen.get(i + 1) === 1);
  const lost = slots.flatMap((_, i) => (seen.has(i + 1) ? [] : [placeholder(i + 1)]));
  return { text: lost.length ? `${restored} ${lost.join(' ')}` : restored, intact };
}

/** True when a text still contains any confidential term in any form (used to verify masking before sending). */
export function containsTerm(text: string, terms: readonly MaskTerm[]): boolean {
  return maskTerms(text, terms).slots.length > 0;
}
