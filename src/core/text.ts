import { createHash } from 'node:crypto';
import { mapTags, type SegmentToken, stripIgnorablesOutsideEmoji, tokenize } from './segment-text.ts';

/** The text without a leading byte-order mark (U+FEFF), which editors on Windows write and pastes carry along. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// C0 controls other than tab, LF and CR, DEL, the noncharacters U+FFFE and U+FFFF, and lone surrogates: no person types
// them, XML 1.0 (segment text) and UTF-8 (every file Tandem writes) cannot carry them, and NUL cuts strings short in
// tools downstream.
const NOT_TEXT =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first character of `text` that is not text a person could have typed (see NOT_TEXT above), as its offset in UTF-16
 * code units and its code as `U+0000`; null when there is none.
 */
export function firstNonTextChar(text: string): { readonly index: number; readonly code: string } | null {
  const found = NOT_TEXT.exec(text);
  if (!found) return null;
  return { index: found.index, code: `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
}

/** NFC, LF line ends, no BOM, no trailing spaces per line: the form every comparison and hash uses. */
export function normalizeText(text: string): string {
  return stripBom(text).replace(/\r\n?/g, '\n').normalize('NFC');
}

/**
 * The tokens of a source as matching sees it: normalized, ignorable code points removed unless they build an emoji
 * (segment-text.ts `stripIgnorablesOutsideEmoji`: `김\u200B철민` and `김철민` are the same text), whitespace runs
 * collapsed to one space within each text run, the whole trimmed at its ends. Tags separate text runs, so no whitespace
 * run spans one. Text without ignorables comes out as before, so stored source hashes stay valid.
 */
export function matchTokens(source: string): SegmentToken[] {
  const tokens = tokenize(normalizeText(source)).map((t) =>
    t.type === 'text' ? { ...t, text: stripIgnorablesOutsideEmoji(t.text).replace(/\s+/g, ' ') } : t,
  );
  const first = tokens[0];
  if (first?.type === 'text') tokens[0] = { ...first, text: first.text.trimStart() };
  const last = tokens[tokens.length - 1];
  if (last?.type === 'text') tokens[tokens.length - 1] = { ...last, text: last.text.trimEnd() };
  return tokens;
}

// Tags without their numbers: the same paragraph numbered differently by another import is the same text.
const FOLDED_TAG = { open: '<g>', close: '</g>', standalone: '<x/>' } as const;

/**
 * Normalized source for matching: inline tag numbers are dropped (`<g3>` → `<g>`), whitespace collapsed; the same
 * string as matchTokens joined with its tags folded. Computed on the whole text at once, which gives the same result:
 * no folded tag holds whitespace, an ignorable or a character an emoji is built on, so no run crosses a tag.
 */
export function normalizeForMatch(source: string): string {
  // Every whitespace run becomes one space; a run that is one space already is left alone (most of them, in prose).
  return stripIgnorablesOutsideEmoji(mapTags(normalizeText(source), (t) => FOLDED_TAG[t.type]))
    .replace(/\s{2,}|[^\S ]/g, ' ')
    .trim();
}

/** normalizeForMatch with the tags left out (`a <g1>b</g1>` → `a b`), escapes kept. */
export function normalizeForMatchWithoutTags(source: string): string {
  return matchTokens(source)
    .map((t) => (t.type === 'text' ? t.text : ''))
    .join('');
}

/** Hash of the normalized source; equal hashes mean "same text" for alignment, memory and MT deduplication. */
export function sourceHash(source: string): string {
  return createHash('sha256').update(normalizeForMatch(source)).digest('hex').slice(0, 32);
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
