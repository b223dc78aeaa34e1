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

const _LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const G = 0x67;
const X = 0x78;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The length of the tag starting at `at` (a `<`): `<gN>`, `</gN>` or `<xN/>` exactly; 0 when none starts there. */
function tagLength(text: string, at: number): number {
  let i = at + 1;
  const closing = text.charCodeAt(i) === SLASH;
  if (closing) i += 1;
  const kind = text.charCodeAt(i);
  if (kind !== G && !(kind === X && !closing)) return 0;
  const digits = ++i;
  while (isDigit(text.charCodeAt(i))) i += 1;
  if (i === digits) return 0;
  if (kind === G) return text.charCodeAt(i) === GT ? i + 1 - at : 0;
  return text.charCodeAt(i) === SLASH && text.charCodeAt(i + 1) === GT ? i + 2 - at : 0;
}

/** The tag token written in `text` from `at` to `end` (a tag tagLength found). */
function tagToken(text: string, at: number, end: number): TagToken {
  if (text.charCodeAt(at + 1) === X) return { type: 'standalone', id: text.slice(at + 2, end - 2) };
  const closing = text.charCodeAt(at + 1) === SLASH;
  return { type: closing ? 'close' : 'open', id: text.slice(at + (closing ? 3 : 2), end - 1) };
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
    const length = tagLength(text, i);
    if (length === 0) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    if (i > textStart) tokens.push({ type: 'text', text: text.slice(textStart, i) });
    textStart = i + length;
    tokens.push(tagToken(text, i, textStart));
    i = text.indexOf('<', textStart);
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
  return replaceTags(text, (at, end) => render(tagToken(text, at, end)), keep);
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

/**
 * Each tag of `text` replaced by `replacement` (a string, or a function of the tag's offsets), each text run passed
 * through `run`: the runs and tags of tokenize, without building tokens.
 */
function replaceTags(text: string, replacement: string | ((at: number, end: number) => string), run: (text: string) => string): string {
  let out = '';
  let from = 0;
  for (let i = text.indexOf('<'); i !== -1; ) {
    const length = tagLength(text, i);
    if (length === 0) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    if (i > from) out += run(text.slice(from, i));
    out += typeof replacement === 'string' ? replacement : replacement(i, i + length);
    from = i + length;
    i = text.indexOf('<', from);
  }
  return from < text.length ? out + run(text.slice(from)) : out;
}

const keep = (text: string): string => text;

/** Segment text as a reader sees it: each tag replaced by `tagReplacement` (default: removed), escapes decoded. */
export function plainText(text: string, tagReplacement = ''): string {
  return replaceTags(text, tagReplacement, unescapeText);
}

/** Segment text without its tags, escapes kept (still segment text, for places that hold no markup). */
export function stripTags(text: string, tagReplacement = ''): string {
  return replaceTags(text, tagReplacement, keep);
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
  const tags: string[] = [];
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
    const length = tagLength(text, i);
    // A tag is written exactly as tagString writes it, so the text itself is the string.
    if (length > 0) tags.push(text.slice(i, i + length));
  }
  return tags;
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
    ...new Set(
      tagsOf(text)
        .filter((t) => t.type === kind)
        .map((t) => t.id),
    ),
  ];
  const map = new Map<string, string>();
  for (const [kind, key] of [
    ['open', 'g'],
    ['standalone', 'x'],
  ] as const) {
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
  // Nothing below U+00AD is ignorable, nor a Hangul syllable: the common cases answer without a pattern.
  if (codePoint < 0xad || (codePoint >= 0xac00 && codePoint <= 0xd7a3)) return false;
  return codePoint <= 0x10ffff && IGNORABLE.test(String.fromCodePoint(codePoint));
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

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/**
 * The ignorable code points (see isIgnorable) that sit inside a word of plain text: a run of them with a letter,
 * digit or mark (themselves not ignorable) right before and right after, as in `김\u200B철민`. Returns each such
 * code point once, in order of first appearance, as `U+XXXX` strings; an empty list when there is none. Ignorables
 * between words or at the ends are left out: they are common in pasted text and harmless there.
 */
export function ignorablesInsideWords(text: string): string[] {
  const found = new Set<string>();
  let run: number[] = [];
  let afterWord = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isIgnorable(cp)) {
      if (afterWord) run.push(cp);
      continue;
    }
    const word = WORD_CHAR.test(ch);
    if (word && run.length > 0) for (const c of run) found.add(`U+${c.toString(16).toUpperCase().padStart(4, '0')}`);
    run = [];
    afterWord = word;
  }
  return [...found];
}

const EMOJI_BASE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}]/u;
const KEYCAP_BASE = /[0-9#*]/u;
// A run of ignorables, with the emoji or keycap base right before it when there is one.
const IGNORABLE_RUNS_WITH_BASE = new RegExp(`([\\p{Extended_Pictographic}\\p{Emoji_Modifier}0-9#*])?(${IGNORABLE_CLASS}+)`, 'gu');

/**
 * stripIgnorables, except where the ignorables build an emoji: a run right after a pictograph or skin-tone modifier
 * (the zero-width joiner of 👨‍👩‍👧, the variation selector of ❤️, the tag characters of a subdivision flag) and the
 * U+FE0F of a keycap (`1️⃣`). Used where text is matched and hashed, so emoji stay distinct and stored hashes of text
 * with emoji do not change, while a zero-width space or soft hyphen inside a word no longer hides it.
 */
export function stripIgnorablesOutsideEmoji(text: string): string {
  return text.replace(IGNORABLE_RUNS_WITH_BASE, (whole, base: string | undefined, run: string) => {
    if (base === undefined) return '';
    return EMOJI_BASE.test(base) || (KEYCAP_BASE.test(base) && run === '\uFE0F') ? whole : base;
  });
}
