/**
 * Confidential terms never leave the newsroom: before text goes to an outside MT service every occurrence is replaced
 * by a placeholder tag the engine is told to ignore, and after the draft comes back each placeholder becomes the
 * term again or its chosen rendering.
 */

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
// Inline tags (`<g1>`, `</g1>`, `<x2/>`) that split a term are kept, moved after the placeholder.
const INLINE_TAG = '(?:<\\/?g\\d+>|<x\\d+\\/>)*';

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A matcher for a term "in any form": NFC and NFD, any case, invisible characters or spaces between its letters,
 * inline tags inside it, inside a longer word and with particles attached (김철민씨는). Matching inside words is
 * deliberate: a false positive only hides a word from the engine, a false negative leaks a name.
 */
function termPattern(term: string): string | null {
  const chars = [...escapeXml(term.normalize('NFC')).replace(/\s+/g, '')];
  if (chars.length === 0) return null;
  return chars.map((ch) => escapeRegex(ch)).join(`${SEPARATORS}${INLINE_TAG}${SEPARATORS}`);
}

/** Replace every confidential term in an XML text fragment by `<tdmc i="n"/>` placeholders. */
export function maskTerms(text: string, terms: readonly MaskTerm[]): MaskResult {
  const normalized = text.normalize('NFC');
  const sorted = [...terms].filter((t) => t.term.trim() !== '').sort((a, b) => b.term.length - a.term.length);
  if (sorted.length === 0) return { masked: normalized, slots: [] };
  const patterns = sorted.map((t) => termPattern(t.term));
  const alternatives = patterns.map((p, i) => (p ? `(?<t${i}>${p})` : null)).filter((p): p is string => p !== null);
  if (alternatives.length === 0) return { masked: normalized, slots: [] };
  const matcher = new RegExp(alternatives.join('|'), 'giu');
  const slots: string[] = [];
  const masked = normalized.replace(matcher, (...args: unknown[]) => {
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    const match = args[0] as string;
    const index = sorted.findIndex((_, i) => groups[`t${i}`] !== undefined);
    const term = sorted[index];
    const tags = match.match(/<\/?g\d+>|<x\d+\/>/g) ?? [];
    slots.push(term?.render !== undefined ? escapeXml(term.render) : match.replace(/<[^>]*>/g, ''));
    return `<${PLACEHOLDER_TAG} i="${slots.length}"/>${tags.join('')}`;
  });
  return { masked, slots };
}

/** Mask plain text (context), where no inline tags are expected and placeholders are kept as tags. */
export function maskPlain(text: string, terms: readonly MaskTerm[]): string {
  return maskTerms(escapeXml(text), terms).masked;
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
