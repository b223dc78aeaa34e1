/**
 * Confidential terms never leave the newsroom: before text goes to an outside MT service every occurrence is replaced
 * by a placeholder tag the engine is told to ignore, and after the draft comes back each placeholder becomes the
 * term again or its chosen rendering.
 */

import { escapeText, tagString, tokenize } from './segment-text.ts';

/** The tag name DeepL is told to ignore (`ignore_tags`). */
export const PLACEHOLDER_TAG = 'tdmc';

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

const SEPARATORS = '[\\s\\u00AD\\u200B-\\u200D\\u2060\\uFEFF]*';

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

/**
 * A matcher for a term "in any form": NFC and NFD, any case, invisible characters or spaces between its letters,
 * inline tags inside it (matched on the tag-free view), inside a longer word and with particles attached (김철민씨는).
 * Matching inside words is deliberate: a false positive only hides a word from the engine, a false negative leaks a name.
 */
function termPattern(term: string): string | null {
  const chars = [...escapeText(term.normalize('NFC')).replace(/\s+/g, '')];
  if (chars.length === 0) return null;
  return chars.map((ch) => escapeRegex(ch)).join(SEPARATORS);
}

/**
 * Replace every confidential term in segment text by `<tdmc i="n"/>` placeholders. Inline tags that split a term are
 * kept, moved after the placeholder.
 */
export function maskTerms(text: string, terms: readonly MaskTerm[]): MaskResult {
  const normalized = text.normalize('NFC');
  const sorted = [...terms].filter((t) => t.term.trim() !== '').sort((a, b) => b.term.length - a.term.length);
  if (sorted.length === 0) return { masked: normalized, slots: [] };
  const patterns = sorted.map((t) => termPattern(t.term));
  const alternatives = patterns.map((p, i) => (p ? `(?<t${i}>${p})` : null)).filter((p): p is string => p !== null);
  if (alternatives.length === 0) return { masked: normalized, slots: [] };
  const matcher = new RegExp(alternatives.join('|'), 'giu');
  const view = maskView(normalized);
  const slots: string[] = [];
  let masked = '';
  let done = 0;
  let nextTag = 0;
  for (const m of view.text.matchAll(matcher)) {
    const start = m.index;
    const end = start + m[0].length;
    const groups = m.groups ?? {};
    const term = sorted.find((_, i) => groups[`t${i}`] !== undefined);
    while (nextTag < view.tags.length && view.tags[nextTag]!.view <= start) nextTag += 1;
    const inside: string[] = [];
    while (nextTag < view.tags.length && view.tags[nextTag]!.view < end) inside.push(view.tags[nextTag++]!.tag);
    slots.push(term?.render !== undefined ? escapeText(term.render) : m[0]);
    masked += `${normalized.slice(done, rawOffset(view, start))}<${PLACEHOLDER_TAG} i="${slots.length}"/>${inside.join('')}`;
    done = rawOffset(view, end - 1) + 1;
  }
  return { masked: masked + normalized.slice(done), slots };
}

/** Mask plain text (context), where no inline tags are expected and placeholders are kept as tags. */
export function maskPlain(text: string, terms: readonly MaskTerm[]): string {
  return maskTerms(escapeText(text), terms).masked;
}

export interface UnmaskResult {
  readonly text: string;
  /** False when a placeholder came back missing, twice, or unknown. */
  readonly intact: boolean;
}

/** Put the terms (or their renderings) back where the placeholders are. */
export function unmaskTerms(text: string, slots: readonly string[]): UnmaskResult {
  const seen = new Map<number, number>();
  const pattern = new RegExp(`<${PLACEHOLDER_TAG}\\s+i="(\\d+)"\\s*/>(?:</${PLACEHOLDER_TAG}>)?`, 'g');
  let unknown = false;
  const restored = text.replace(pattern, (_m, n: string) => {
    const i = Number(n);
    seen.set(i, (seen.get(i) ?? 0) + 1);
    const slot = slots[i - 1];
    if (slot === undefined) {
      unknown = true;
      return '';
    }
    return slot;
  });
  const intact = !unknown && slots.every((_, i) => seen.get(i + 1) === 1);
  return { text: restored, intact };
}

/** True when a text still contains any confidential term in any form (used to verify masking before sending). */
export function containsTerm(text: string, terms: readonly MaskTerm[]): boolean {
  return maskTerms(text, terms).slots.length > 0;
}
