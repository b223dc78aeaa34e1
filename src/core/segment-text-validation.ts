import { tagString, tagsOf, tokenize } from './segment-text.ts';

// Code units of the markup characters, as the tokenizer in segment-text.ts reads them.
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

// What the document rebuilder accepts (issue 10: what cannot be published cannot be approved).
// Segment text is an XML fragment (XML 1.0) whose only elements are the source's own inline tags. The format adapters'
// decoder refuses anything else when the article is rebuilt; validateSegmentText answers the same question earlier, when
// text is saved and whenever checks run, so nothing that would stop a publish can be approved unnoticed.

/** Kinds of fault that keep segment text from being rebuilt into the article. */
export const SEGMENT_TEXT_PROBLEMS = [
  /** A `<` that starts no markup (`< 5%`): XML needs it written `&lt;`. */
  'stray-lt',
  /** Something written like a tag that is not one of ours (`<b>`, `<g>`, `<g1/>`, `<x1>`). */
  'unknown-markup',
  /** An inline tag whose number the source does not have (`<g9>`). */
  'tag-not-in-source',
  /** A source tag written as the other kind (`<x1/>` for the paired `<g1>…</g1>`, or the reverse). */
  'tag-kind',
  /** A closing tag that closes nothing open, or not the innermost open tag (`<g1>a<g2>b</g1></g2>`). */
  'unexpected-close',
  /** A paired tag opened and never closed (`<g1>a`). */
  'unclosed',
  /** A `&` that starts no valid entity (`AT&T`, `&nbsp;`, `&#0;`). */
  'bad-entity',
] as const;
export type SegmentTextProblemKind = (typeof SEGMENT_TEXT_PROBLEMS)[number];

/** Where a segment text breaks and how (a type, not an interface, so it is a check's plain-record detail). */
export type SegmentTextProblem = {
  /** Offset of the offending markup in the validated text, in Unicode code points from 0. */
  readonly position: number;
  readonly problem: SegmentTextProblemKind;
  /** The offending markup as written (`<g9>`, `<`, `&nbsp;`, `&`). */
  readonly markup: string;
};

/** What each tag number of a source stands for, as far as validation cares: paired (`g`) or standalone (`x`). */
export type SourceTagKinds = Readonly<Record<string, { readonly type: 'g' | 'x' }>>;

/** The tag kinds of a source segment text (the same numbers and kinds as the segment's InlineTag map). */
export function sourceTagKinds(source: string): Record<string, { readonly type: 'g' | 'x' }> {
  const kinds: Record<string, { readonly type: 'g' | 'x' }> = Object.create(null);
  for (const t of tagsOf(source)) kinds[t.id] = { type: t.type === 'standalone' ? 'x' : 'g' };
  return kinds;
}

const ENTITY_AT = /&(?:(?:lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/y;

/** The length of the valid entity at `at` (a `&`), or 0. Character references must name an XML Char (XML 1.0 §2.2). */
function entityLength(text: string, at: number): number {
  ENTITY_AT.lastIndex = at;
  const m = ENTITY_AT.exec(text);
  if (!m) return 0;
  if (m[1] !== undefined || m[2] !== undefined) {
    const code = m[2] !== undefined ? Number.parseInt(m[2], 16) : Number.parseInt(m[1]!, 10);
    const xmlChar =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!xmlChar) return 0;
  }
  return m[0].length;
}

/**
 * The length of tag-like markup at `at` (a `<`) that is not one of our tags, or 0: `<`, an optional `/`, an ASCII
 * letter, then anything but `<`, `>` or a line break up to a `>` (`<b>`, `</em>`, `<g1/>`, `<a href="x">`). A `<`
 * followed by a space, digit or other sign (`< 5%`, `<3`, `<-`) is a less-than sign, not markup.
 */
function markupLength(text: string, at: number): number {
  let i = at + 1;
  if (text.charCodeAt(i) === SLASH) i += 1;
  const c = text.charCodeAt(i) | 0x20;
  if (c < 0x61 || c > 0x7a) return 0;
  for (i += 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === GT) return i + 1 - at;
    if (ch === LT || ch === 0x0a || ch === 0x0d) return 0;
  }
  return 0;
}

function codePointOffset(text: string, index: number): number {
  let n = 0;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < index) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i += 1;
    }
    n += 1;
  }
  return n;
}

/** ValidateConfig for validateSegmentText. */
export interface ValidateConfig {
  /**
   * Validate text a person typed: a stray `<` and a `&` that starts no entity are not faults, since escapeTypedText
   * turns them into `&lt;` and `&amp;`; only markup that looks meant as a tag is. Default false (machine drafts,
   * stored text: every fault counts).
   */
  readonly typed?: boolean;
}

/**
 * The first fault that would keep `text` from being rebuilt into the article against a source with `sourceTags` (a
 * segment's InlineTag map, or sourceTagKinds(source)), or null when the rebuilder accepts it: only the source's tags,
 * each of its own kind, paired tags nested like XML and all closed, every `<` part of a tag and every `&` part of an
 * entity (`&lt; &gt; &amp; &quot; &apos;`, `&#N;`, `&#xH;` naming an XML 1.0 Char). A bare `>` is allowed, as in XML.
 * Tags may repeat or go missing here; the inline-tags check reports that. Linear in the length of the text.
 */
export function validateSegmentText(text: string, sourceTags: SourceTagKinds, opts: ValidateConfig = {}): SegmentTextProblem | null {
  const fault = (index: number, problem: SegmentTextProblemKind, markup: string): SegmentTextProblem => ({
    position: codePointOffset(text, index),
    problem,
    markup,
  });
  const open: { readonly id: string; readonly at: number }[] = [];
  let at = 0;
  for (const token of tokenize(text)) {
    const start = at;
    if (token.type === 'text') {
      at += token.text.length;
      for (let i = 0; i < token.text.length; i++) {
        const ch = token.text.charCodeAt(i);
        if (ch === LT) {
          const markup = markupLength(token.text, i);
          if (markup > 0) return fault(start + i, 'unknown-markup', token.text.slice(i, i + markup));
          if (!opts.typed) return fault(start + i, 'stray-lt', '<');
        } else if (ch === 0x26 && entityLength(token.text, i) === 0 && !opts.typed) {
          const semi = token.text.slice(i, i + 12).match(/^&[#\w]*;/);
          return fault(start + i, 'bad-entity', semi ? semi[0] : '&');
        }
      }
      continue;
    }
    const shown = tagString(token);
    at += shown.length;
    if (token.type === 'close') {
      if (open[open.length - 1]?.id !== token.id) return fault(start, 'unexpected-close', shown);
      open.pop();
      continue;
    }
    const kind = Object.hasOwn(sourceTags, token.id) ? sourceTags[token.id]!.type : undefined;
    if (kind === undefined) return fault(start, 'tag-not-in-source', shown);
    if (kind !== (token.type === 'open' ? 'g' : 'x')) return fault(start, 'tag-kind', shown);
    if (token.type === 'open') open.push({ id: token.id, at: start });
  }
  const unclosed = open[open.length - 1];
  return unclosed ? fault(unclosed.at, 'unclosed', `<g${unclosed.id}>`) : null;
}

/**
 * Text a person typed → segment text: a `<` that is not a tag nor looks like one becomes `&lt;`, a `&` that starts
 * no valid entity becomes `&amp;`; tags, entities and tag-like markup stay as written (validateSegmentText with
 * `typed` refuses the last). Idempotent, and the identity on valid segment text. `Inflation is < 5%.` →
 * `Inflation is &lt; 5%.`; `AT&T` → `AT&amp;T`; `&lt;` stays `&lt;`.
 */
export function escapeTypedText(text: string): string {
  let out = '';
  for (const token of tokenize(text)) {
    if (token.type !== 'text') {
      out += tagString(token);
      continue;
    }
    const t = token.text;
    let from = 0;
    for (let i = 0; i < t.length; i++) {
      const ch = t.charCodeAt(i);
      if (ch === LT) {
        const markup = markupLength(t, i);
        if (markup > 0) {
          i += markup - 1;
          continue;
        }
        out += `${t.slice(from, i)}&lt;`;
        from = i + 1;
      } else if (ch === 0x26 && entityLength(t, i) === 0) {
        out += `${t.slice(from, i)}&amp;`;
        from = i + 1;
      }
    }
    out += t.slice(from);
  }
  return out;
}
