/**
 * Hugo shortcode syntax, in one place (https://gohugo.io/content-management/shortcodes/): `{{< name params >}}` and
 * `{{% name params %}}`, closed by `{{< /name >}}`, self-closed by `{{< name />}}`, shown literally when the inside is
 * wrapped in a Go comment (slash-star … star-slash). Parameters are positional or `key=value`, a value bare, "quoted" (with `\"` escapes) or
 * `raw` in backticks. The Markdown adapter, the shortcode check and the reader site all read shortcodes through here.
 *
 * Offsets are UTF-16 code units (JavaScript string indices).
 */

/** One parameter of a shortcode; `start`/`end` delimit the value as written (quotes included) inside `raw`. */
export interface ShortcodeParam {
  /** Null for a positional parameter. */
  readonly key: string | null;
  /** The value with quotes removed and `\"`, `\\` decoded. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** A parsed shortcode tag. */
export interface Shortcode {
  /** The tag exactly as written, braces included. */
  readonly raw: string;
  /** `<` for `{{< >}}` (inner text not rendered as Markdown by Hugo), `%` for `{{% %}}`. */
  readonly delimiter: '<' | '%';
  /** Shortcode name (`figure`, `note`); empty for a comment-escaped tag. */
  readonly name: string;
  /** `{{< /name >}}`. */
  readonly closing: boolean;
  /** `{{< name />}}`. */
  readonly selfClosing: boolean;
  /** The inside is a Go comment (`{{</*` … star-slash `>}}`): Hugo prints the tag as text instead of running it. */
  readonly escaped: boolean;
  readonly params: readonly ShortcodeParam[];
}

/**
 * Longest tag looked for, in UTF-16 code units. Real shortcodes are a line or a few; the cap keeps a text full of
 * unclosed `{{<` linear instead of rescanning to the end from every one of them.
 */
export const MAX_SHORTCODE_LENGTH = 2048;

const BRACE_OPEN = 0x7b;
const BRACE_CLOSE = 0x7d;
const QUOTE = 0x22;
const BACKTICK = 0x60;
const BACKSLASH = 0x5c;

/**
 * End (exclusive) of the shortcode whose `{{` is at `start`, or -1 when none starts there or it is never closed.
 * Quoted and backtick values may contain `>}}`. A tag longer than MAX_SHORTCODE_LENGTH is not one.
 */
export function shortcodeEnd(text: string, start: number): number {
  if (text.charCodeAt(start) !== BRACE_OPEN || text.charCodeAt(start + 1) !== BRACE_OPEN) return -1;
  const delimiter = text[start + 2];
  if (delimiter !== '<' && delimiter !== '%') return -1;
  const closer = delimiter === '<' ? '>' : '%';
  let quote = 0;
  const limit = Math.min(text.length, start + MAX_SHORTCODE_LENGTH);
  for (let i = start + 3; i < limit; i++) {
    const code = text.charCodeAt(i);
    if (quote !== 0) {
      if (quote === QUOTE && code === BACKSLASH) i += 1;
      else if (code === quote) quote = 0;
      continue;
    }
    if (code === QUOTE || code === BACKTICK) quote = code;
    else if (text[i] === closer && text.charCodeAt(i + 1) === BRACE_CLOSE && text.charCodeAt(i + 2) === BRACE_CLOSE) {
      return i + 3 <= limit ? i + 3 : -1;
    }
  }
  return -1;
}

/**
 * For each offset p, where a shortcode body scanned from p (outside quotes) ends, as shortcodeEnd scans it but without
 * its length cap; -1 when it never does. One pass from the end, so that findShortcodes need not rescan up to
 * MAX_SHORTCODE_LENGTH characters from each of many unclosed `{{<`.
 */
function bodyEnds(text: string, closer: string): Int32Array {
  const n = text.length;
  // The closing `"` of a quoted value whose inside starts at x (`\` escapes the next character), and the next backtick.
  const quoteEnd = new Int32Array(n + 2).fill(-1);
  const backtickAt = new Int32Array(n + 2).fill(-1);
  for (let x = n - 1; x >= 0; x--) {
    const code = text.charCodeAt(x);
    quoteEnd[x] = code === BACKSLASH ? quoteEnd[x + 2]! : code === QUOTE ? x : quoteEnd[x + 1]!;
    backtickAt[x] = code === BACKTICK ? x : backtickAt[x + 1]!;
  }
  const end = new Int32Array(n + 2).fill(-1);
  for (let p = n - 1; p >= 0; p--) {
    const code = text.charCodeAt(p);
    if (code === QUOTE || code === BACKTICK) {
      const q = code === QUOTE ? quoteEnd[p + 1]! : backtickAt[p + 1]!;
      end[p] = q === -1 ? -1 : end[q + 1]!;
    } else if (text[p] === closer && text.charCodeAt(p + 1) === BRACE_CLOSE && text.charCodeAt(p + 2) === BRACE_CLOSE) {
      end[p] = p + 3;
    } else {
      end[p] = end[p + 1]!;
    }
  }
  return end;
}

/** True when what follows the delimiter at `start + 2` can begin a tag: a name, a closing `/name` or a comment `/*`. */
function startsLikeTag(text: string, start: number): boolean {
  let i = start + 3;
  while (/\s/.test(text[i] ?? '')) i += 1;
  if (text[i] === '/') {
    if (text[i + 1] === '*') return true;
    i += 1;
    while (/\s/.test(text[i] ?? '')) i += 1;
  }
  return /[A-Za-z0-9_]/.test(text[i] ?? '');
}

/**
 * Every shortcode tag in plain text, in order, with its offset: the tags shortcodeEnd and parseShortcode accept at
 * each `{{`, found in time linear in the text (a text of unclosed `{{<` used to cost MAX_SHORTCODE_LENGTH steps each).
 */
export function findShortcodes(text: string): { readonly at: number; readonly shortcode: Shortcode }[] {
  const out: { at: number; shortcode: Shortcode }[] = [];
  const ends: Partial<Record<'<' | '%', Int32Array>> = {};
  const endOf = (i: number): number => {
    const delimiter = text[i + 2];
    if (delimiter !== '<' && delimiter !== '%') return -1;
    ends[delimiter] ??= bodyEnds(text, delimiter === '<' ? '>' : '%');
    const end = ends[delimiter][i + 3]!;
    return end !== -1 && end <= Math.min(text.length, i + MAX_SHORTCODE_LENGTH) ? end : -1;
  };
  for (let i = text.indexOf('{{'); i !== -1; ) {
    const end = endOf(i);
    const parsed = end === -1 || !startsLikeTag(text, i) ? null : parseShortcode(text.slice(i, end));
    if (parsed) {
      out.push({ at: i, shortcode: parsed });
      i = text.indexOf('{{', end);
    } else {
      i = text.indexOf('{{', i + 1);
    }
  }
  return out;
}

const NAME = /^[A-Za-z0-9_][\w./-]*/;

/** Parse one whole tag (`{{< figure src="a.jpg" >}}`); null when `raw` is not exactly one shortcode tag. */
export function parseShortcode(raw: string): Shortcode | null {
  if (shortcodeEnd(raw, 0) !== raw.length) return null;
  const delimiter = raw[2] as '<' | '%';
  let inner = raw.slice(3, -3);
  let offset = 3;
  if (inner.startsWith('/*') && inner.endsWith('*/')) {
    return { raw, delimiter, name: '', closing: false, selfClosing: false, escaped: true, params: [] };
  }
  const lead = inner.length - inner.trimStart().length;
  offset += lead;
  inner = inner.trim();
  const closing = inner.startsWith('/');
  if (closing) inner = inner.slice(1).trimStart();
  let selfClosing = false;
  // Only a slash touching the closing braces self-closes: in `src=/img/ >}}` it belongs to the value.
  if (!closing && /\/[>%]\}\}$/.test(raw)) {
    selfClosing = true;
    inner = inner.slice(0, -1).trimEnd();
  }
  const name = NAME.exec(inner)?.[0];
  if (name === undefined) return null;
  const params = closing ? [] : parseParams(inner.slice(name.length), offset + name.length);
  if (params === null) return null;
  return { raw, delimiter, name, closing, selfClosing, escaped: false, params };
}

function parseParams(text: string, base: number): ShortcodeParam[] | null {
  const params: ShortcodeParam[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i += 1;
  };
  skipSpace();
  while (i < text.length) {
    let key: string | null = null;
    const keyMatch = /^([A-Za-z_][\w-]*)=/.exec(text.slice(i));
    if (keyMatch) {
      key = keyMatch[1]!;
      i += keyMatch[0].length;
    }
    const start = i;
    const code = text.charCodeAt(i);
    let value: string;
    if (code === QUOTE || code === BACKTICK) {
      let j = i + 1;
      let decoded = '';
      while (j < text.length && text.charCodeAt(j) !== code) {
        if (code === QUOTE && text.charCodeAt(j) === BACKSLASH && j + 1 < text.length) j += 1;
        decoded += text[j];
        j += 1;
      }
      if (j >= text.length) return null;
      value = decoded;
      i = j + 1;
    } else {
      while (i < text.length && !/\s/.test(text[i]!)) i += 1;
      value = text.slice(start, i);
    }
    params.push({ key, value, start: base + start, end: base + i });
    skipSpace();
  }
  return params;
}

/** The value of a named parameter, or undefined. */
export function shortcodeParam(shortcode: Shortcode, key: string): string | undefined {
  return shortcode.params.find((p) => p.key === key)?.value;
}

/**
 * `raw` with the named parameter's value replaced by `value`, written as a quoted Go string (`"`, `\` escaped);
 * the rest of the tag is kept byte for byte. Throws RangeError when `raw` is not a shortcode or lacks the parameter.
 */
export function setShortcodeParam(raw: string, key: string, value: string): string {
  const param = parseShortcode(raw)?.params.find((p) => p.key === key);
  if (!param) throw new RangeError(`shortcode: ${raw} has no parameter "${key}"`);
  const quoted = `"${value.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
  return raw.slice(0, param.start) + quoted + raw.slice(param.end);
}

/** Parameters of a `figure` shortcode that readers see as text, in reading order (Hugo's built-in figure). */
export const FIGURE_TEXT_PARAMS = ['alt', 'title', 'caption'] as const;
