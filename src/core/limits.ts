// Every size and shape limit on what Tandem reads, in one place. Each is set far above what a real article needs, so
// an article never meets them, and low enough that no input can keep the server busy for more than a moment: the
// parsers Tandem uses (micromark, htmlparser2, yaml) slow down or recurse on some shapes, and refusing those shapes
// before parsing is what keeps one request from stalling everyone else's. A refusal is a LimitError (core/errors.ts)
// naming the limit; the web answers 413 with a translated sentence, the CLI one line and exit code 1.

/**
 * The limits, by name. A LimitError carries the name (`error.limit`) and the value it met (`error.max`); the i18next
 * key `common:errors.limits.<name>` holds the sentence users see.
 */
export const LIMITS = {
  /**
   * Largest file or pasted text accepted for import, in bytes of UTF-8 (1 MiB). A long feature of 300 paragraphs is
   * 40,000–60,000 Korean characters, about 150 KiB; an article page saved as HTML with its markup is rarely over
   * 500 KiB. Checked before anything is decoded.
   */
  importBytes: 1024 * 1024,

  /**
   * Deepest nesting of Markdown constructs around a text: block quotes, lists, emphasis, strong emphasis,
   * strikethrough, links and images, each counting one level (a list and its item count once). A real article nests
   * under 8 (a link inside bold text inside a list inside a quote is 4). Estimated line by line before parsing and
   * then counted exactly on the parsed tree; HTML is counted on the Markdown it becomes.
   */
  nestingDepth: 32,

  /**
   * Deepest nesting of HTML elements in an imported HTML file. Page templates wrap articles in many `<div>`s (real
   * pages nest 20–60 deep), so this is looser than nestingDepth; what reaches the article is then held to it.
   * Counted by the HTML parser itself in a first pass, before the document is built.
   */
  htmlDepth: 256,

  /**
   * Characters the Markdown parser may have to read again (16 million, about a second of parsing), estimated before
   * it runs: from each opening backtick run, `](`, `<!--`, `{{<` or `www.` to what closes it (or the paragraph's
   * end), from each `]` back to its `[`, and for each item of a nested list and each line that leaves a quote or a
   * list 12 per line before it (micromark copies everything parsed so far there). Real articles need well under a
   * million; a text full of unclosed marks, or thousands of nested list items or short quotes, needs billions.
   */
  markupRereads: 16_000_000,

  /**
   * Most lines in a Markdown document (10,000), front matter included; HTML and plain text are counted on the Markdown
   * they become. The parser's time grows with lines as much as with characters; a long feature hard-wrapped at 80
   * columns has under 2,000.
   */
  markdownLines: 10_000,

  /**
   * Most list items in a Markdown document (2,000, as many as segments: every item with text is one). micromark takes
   * far longer over a list item than over a paragraph line; counted before parsing.
   */
  listItems: 2_000,

  /**
   * Most marks the Markdown parser builds a structure for (10,000): runs of `*`, `_` or `~~`, brackets, backtick
   * runs, backslash escapes, `<`, `&`, table pipes and Hugo shortcodes. The sample articles have about 10 per 1,000 characters, a
   * long feature with a link and some bold text in every paragraph 2,000–3,000; each mark costs the parser as much as
   * a few hundred letters.
   */
  markupMarks: 10_000,

  /**
   * Most segments (paragraphs, headings, list items, table cells, captions, translated front matter values…) in one
   * article: 2,000. A long feature has about 300 paragraphs; 2,000 segments is roughly a short book. Checked after
   * parsing, before anything is stored; plain text is checked before parsing.
   */
  segments: 2_000,

  /**
   * Longest segment of a source article, in Unicode code points of its text without inline tags: 5,000. A long
   * Korean news paragraph has 300–600; a translation may be up to translationChars, room for any language to be
   * three to four times longer than the Korean.
   */
  segmentChars: 5_000,

  /** Longest translation text, in UTF-16 code units after normalization (inline tags included): 20,000. */
  translationChars: 20_000,

  /**
   * Largest XLIFF file read back from an agency, in bytes (8 MiB): a long feature in one target language is about
   * 400 KiB of XLIFF (source, target and notes), so a batch of a dozen articles fits. Checked before parsing.
   */
  xliffBytes: 8 * 1024 * 1024,

  /** Longest comment on a translation, in UTF-16 code units: 2,000. A comment is a remark, not a second translation. */
  commentChars: 2_000,

  /**
   * Largest front matter block, in UTF-16 code units between its fences: 16 Ki. Real front matter is under 2 Ki; the
   * yaml library needs 1.1 s for 37,000 characters of nested flow sequences and anchors (a fuzz test's find), 0.4 s for 16 Ki.
   */
  frontMatterChars: 16 * 1024,

  /**
   * Deepest nesting of tables, lists and maps in front matter: 16. Hugo's deepest real use (`params` tables,
   * `resources` lists of tables) is 3 or 4. Estimated from indentation and brackets before parsing, then counted on the
   * parsed value.
   */
  frontMatterDepth: 16,

  /**
   * YAML front matter's alias budget, passed to the yaml library as `maxAliasCount`: how many times aliases (`*name`)
   * may be expanded, each weighted by the aliases inside what it expands. Real front matter uses none; an "alias bomb"
   * that expands to millions of nodes is refused.
   */
  frontMatterAliases: 20,
} as const satisfies Readonly<Record<string, number>>;

/** The name of a limit, as LimitError carries it. */
export type LimitName = keyof typeof LIMITS;

/** Every limit name, for tests and for the locale files' keys. */
export const LIMIT_NAMES = Object.keys(LIMITS) as readonly LimitName[];

/**
 * Segments shown on one review page. Not a refusal: a longer article's review page is split into pages of this many
 * segments, so opening one stays fast however long the article is.
 */
export const REVIEW_PAGE_SEGMENTS = 100;

/**
 * Most word edits (words and spaces inserted or deleted) a word diff looks for: 300. Diffing two unrelated
 * 20,000-character texts word by word takes seconds (the cost grows with length times edits); past this many edits
 * the diff shows the whole old text replaced by the whole new one, which is what such a change is anyway.
 */
export const WORD_DIFF_MAX_EDITS = 300;

const MIB = 1024 * 1024;
const KIB = 1024;

function sizeText(bytes: number, digits: number, locale: string | undefined): string {
  const number = (value: number, max: number) => new Intl.NumberFormat(locale ?? 'en', { maximumFractionDigits: max }).format(value);
  if (bytes >= MIB) return `${number(bytes / MIB, digits)} MiB`;
  if (bytes >= KIB) return `${number(bytes / KIB, digits)} KiB`;
  return `${number(bytes, 0)} B`;
}

/**
 * A size in bytes as people read it, in `locale`'s digits (default: English): `512 B`, `3.5 KiB`, `1 MiB`. Given
 * `other` (the limit it is compared with), it shows as many decimals as make the two read differently (`1.05 MiB`
 * beside `1 MiB`, never "1 MiB is over the limit of 1 MiB"), and the exact byte count when three do not.
 */
export function formatSize(bytes: number, options: { readonly other?: number; readonly locale?: string } = {}): string {
  const { other, locale } = options;
  if (other === undefined || other === bytes) return sizeText(bytes, 1, locale);
  for (let digits = 1; digits <= 3; digits++) {
    const text = sizeText(bytes, digits, locale);
    if (text !== sizeText(other, digits, locale)) return text;
  }
  return `${new Intl.NumberFormat(locale ?? 'en').format(bytes)} B`;
}

/** A size and the limit it passed, worded by formatSize so that the two never read the same: `[1.05 MiB, 1 MiB]`. */
export function formatSizeAndLimit(actual: number, limit: number, locale?: string): readonly [string, string] {
  const shown = formatSize(actual, { other: limit, locale });
  // When the size needed its exact byte count, the limit is given the same way so the two can be compared.
  const exact = shown.endsWith(' B') && actual >= KIB;
  return [shown, exact ? `${new Intl.NumberFormat(locale ?? 'en').format(limit)} B` : formatSize(limit, { locale })];
}
