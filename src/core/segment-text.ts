/**
 * The syntax of a segment's text, in one place. A segment is an XML fragment (see InlineTag in model.ts): text with
 * `&`, `<` and `>` escaped, paired inline tags `<g1>…</g1>` and standalone tags `<x2/>`, numbered by the format adapter.
 * Every other module reads and writes segment text through these functions; none parses tags or entities itself.
 *
 * Offsets and lengths are UTF-16 code units (JavaScript string indices) unless a function says otherwise.
 */

/** One piece of segment text: raw (still escaped) text, or an inline tag with its number as written (`"1"`, `"01"`). */
export type SegmentToken =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'open'; readonly id: string }
  | { readonly type: 'close'; readonly id: string }
  | { readonly type: 'standalone'; readonly id: string };

/** An inline tag token: `<g1>` (`open`), `</g1>` (`close`) or `<x2/>` (`standalone`). */
export type TagToken = Exclude<SegmentToken, { readonly type: 'text' }>;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const G = 0x67;
const X = 0x78;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The tag starting at `at` (a `<`), or null when what follows is not exactly `<gN>`, `</gN>` or `<xN/>`. */
function readTag(text: string, at: number): { readonly token: TagToken; readonly end: number } | null {
  let i = at + 1;
  const closing = text.charCodeAt(i) === SLASH;
  if (closing) i += 1;
  const kind = text.charCodeAt(i);
  if (kind !== G && !(kind === X && !closing)) return null;
  const digits = ++i;
  while (isDigit(text.charCodeAt(i))) i += 1;
  if (i === digits) return null;
  const id = text.slice(digits, i);
  if (kind === G) {
    return text.charCodeAt(i) === GT ? { token: { type: closing ? 'close' : 'open', id }, end: i + 1 } : null;
  }
  return text.charCodeAt(i) === SLASH && text.charCodeAt(i + 1) === GT ? { token: { type: 'standalone', id }, end: i + 2 } : null;
}

/**
 * Split segment text into text runs and inline tags, in one linear pass with no regular expression. Anything that is
 * not exactly a tag (a stray `<`, `<g>`, `<b>`, a bare `&`) stays in a text token as written, so
 * `serializeTokens(tokenize(s)) === s` for every string. Text tokens are maximal: two never follow each other.
 */
export function tokenize(text: string): SegmentToken[] {
  const tokens: SegmentToken[] = [];
  let textStart = 0;
  for (let i = text.indexOf('<'); i !== -1; ) {
    const tag = readTag(text, i);
    if (!tag) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    if (i > textStart) tokens.push({ type: 'text', text: text.slice(textStart, i) });
    tokens.push(tag.token);
    textStart = tag.end;
    i = text.indexOf('<', tag.end);
  }
  if (textStart < text.length) tokens.push({ type: 'text', text: text.slice(textStart) });
  return tokens;
}

/** A tag as written in segment text: `<g1>`, `</g1>` or `<x2/>`. */
export function tagString(token: TagToken): string {
  return token.type === 'open' ? `<g${token.id}>` : token.type === 'close' ? `</g${token.id}>` : `<x${token.id}/>`;
}

/** Tokens back to segment text; the inverse of tokenize. */
export function serializeTokens(tokens: readonly SegmentToken[]): string {
  let out = '';
  for (const t of tokens) out += t.type === 'text' ? t.text : tagString(t);
  return out;
}

/** Rewrite every tag of a text (`render` returns its replacement); text runs stay as written. */
export function mapTags(text: string, render: (tag: TagToken) => string): string {
  let out = '';
  for (const t of tokenize(text)) out += t.type === 'text' ? t.text : render(t);
  return out;
}

// XML escaping. Only `&`, `<` and `>` are escaped when text becomes a segment: quotes need no escape outside attribute
// values, and changing what is escaped would change every stored source hash.
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
// The five XML entities and character references (XML 1.0 §4.1). Bounded repeats: no backtracking blow-up.
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;

/** Plain text → segment text: `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;`. `unescapeText(escapeText(s)) === s`. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (ch) => ESCAPES[ch]!);
}

/**
 * Decode the XML escapes of tag-free segment text: `&lt; &gt; &amp; &quot; &apos;` and character references
 * (`&#65;`, `&#x41;`; one outside Unicode, a surrogate or zero becomes U+FFFD). Lenient: a bare `&` or an unknown
 * entity stays as written.
 */
export function unescapeText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_m, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name !== undefined) return NAMED[name]!;
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(dec!, 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/** Segment text as a reader sees it: each tag replaced by `tagReplacement` (default: removed), escapes decoded. */
export function plainText(text: string, tagReplacement = ''): string {
  let out = '';
  for (const t of tokenize(text)) out += t.type === 'text' ? unescapeText(t.text) : tagReplacement;
  return out;
}

/** Segment text without its tags, escapes kept (still segment text, for places that hold no markup). */
export function stripTags(text: string, tagReplacement = ''): string {
  return mapTags(text, () => tagReplacement);
}

/** True when the text has something besides tags and whitespace. */
export function hasTranslatableText(text: string): boolean {
  return tokenize(text).some((t) => t.type === 'text' && /\S/.test(t.text));
}

/** The inline tags of a text in order of appearance. */
export function tagsOf(text: string): TagToken[] {
  return tokenize(text).filter((t): t is TagToken => t.type !== 'text');
}

/** The tags in order of appearance as written (`['<g1>', '<x2/>', '</g1>']`). */
export function tagSequence(text: string): string[] {
  return tagsOf(text).map(tagString);
}

/** The tags sorted and joined: equal signatures mean the same tags, in any order (`'</g1><g1><x2/>'`). */
export function tagSignature(text: string): string {
  return tagSequence(text).sort().join('');
}

/**
 * Renumber the tags of `target` from `fromSource`'s numbering to `toSource`'s, pairing paired tags and standalone tags
 * separately by order of first appearance. Tags with no counterpart keep their number.
 */
export function renumberTags(fromSource: string, toSource: string, target: string): string {
  const order = (text: string, kind: 'open' | 'standalone') => [
    ...new Set(tagsOf(text).filter((t) => t.type === kind).map((t) => t.id)),
  ];
  const map = new Map<string, string>();
  for (const [kind, key] of [['open', 'g'], ['standalone', 'x']] as const) {
    const to = order(toSource, kind);
    order(fromSource, kind).forEach((id, i) => {
      if (to[i] !== undefined) map.set(`${key}${id}`, to[i]);
    });
  }
  if (map.size === 0) return target;
  return mapTags(target, (tag) => {
    const id = map.get(`${tag.type === 'standalone' ? 'x' : 'g'}${tag.id}`);
    return tagString(id === undefined ? tag : { ...tag, id });
  });
}

// Code points that never change what text means when it is compared. Unicode's Default_Ignorable_Code_Point (UCD
// DerivedCoreProperties.txt: zero-width space and joiners, word joiner, BOM, invisible operators, Hangul fillers,
// variation selectors, tag characters…) plus, listed so the intent does not rest on that table alone: the bidirectional
// controls (UAX #9: ALM U+061C, LRM, RLM, LRE…RLO, LRI…PDI), the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the
// variation selectors U+FE00–FE0F and U+E0100–E01EF, the soft hyphen U+00AD and the combining grapheme joiner U+034F.
const IGNORABLE_CLASS =
  '[\\p{Default_Ignorable_Code_Point}\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\u115F\\u1160\\u3164\\uFFA0' +
  '\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}\\u00AD\\u034F]';
const IGNORABLE = new RegExp(IGNORABLE_CLASS, 'u');
const IGNORABLES = new RegExp(`${IGNORABLE_CLASS}+`, 'gu');

/** True when a code point is ignorable when text is compared (invisible, bidi control, filler, variation selector). */
export function isIgnorable(codePoint: number): boolean {
  return codePoint >= 0 && codePoint <= 0x10ffff && IGNORABLE.test(String.fromCodePoint(codePoint));
}

/** The text without its ignorable code points (see isIgnorable). */
export function stripIgnorables(text: string): string {
  return text.replace(IGNORABLES, '');
}

/**
 * The form two texts are compared in: compatibility forms folded (NFKC: full-width `ＫＩＭ` → `KIM`, `ｶ` → `カ`),
 * ignorable code points removed, letter case folded (upper then lower, so `ß` and `SS` meet at `ss`). Ignorables go
 * before NFKC, which they would otherwise block from composing, and after it, since NFKC maps U+3164 to U+1160.
 */
export function foldForComparison(text: string): string {
  const folded = stripIgnorables(text).normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
  return stripIgnorables(folded);
}

// ---- What the document rebuilder accepts (issue 10: what cannot be published cannot be approved) ----------------
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
      code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
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
