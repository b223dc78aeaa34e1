import { js2tmx, tmx2js } from 'tmexchange';
import { FormatParseError } from '../../core/errors.ts';
import { canonicalLocale, isLanguageTag, type Locale } from '../../core/locale.ts';
import type { ExchangeUnit, MemoryEntry, MemoryExchangeFormat } from '../../core/ports/translation-memory-store.ts';
import { escapeText, type TagToken, tagString, tokenize, unescapeText } from '../../core/segment-text.ts';
import { isSlug } from '../../core/slug.ts';
import { stripBom } from '../../core/text.ts';

/**
 * TMX 1.4b through tmexchange (the i18next authors' TMX library). tmexchange reads and writes `<seg>` as plain text,
 * so inline markup is carried through it as placeholder characters: on export each `<g1>`/`</g1>`/`<x2/>` becomes a
 * TMX `<bpt>`/`<ept>`/`<ph>` element after tmexchange has written the document; on import `<bpt>`, `<ept>`, `<ph>`,
 * `<it>` and `<ut>` from any tool become Tandem tags before tmexchange reads it, and `<hi>` keeps only its text.
 * tmexchange keeps the `group` property (used for the article slug) but drops dates, users and notes.
 *
 * A unit is read as multilingual: every `<tuv>` is a variant, and the header's `srclang` is not used to pick the
 * source (tools get it wrong: Translate Toolkit's po2tmx writes `srclang="en"` on a Korean-to-English memory, and
 * `*all*` names no language); the memory service takes the variant in the installation's source locale.
 */

// Placeholders live in Supplementary Private Use Area-A, which news text does not use.
const PLACEHOLDER_BASE = 0xf0000;
const PLACEHOLDER_MAX = 0xffffd - PLACEHOLDER_BASE;
const PLACEHOLDER = /[\u{F0000}-\u{FFFFD}]/gu;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined);
}

/** Canonical `xml:lang`/`srclang` values, so `ko-kr` in a header finds `ko-KR` variants (tmexchange compares exactly). */
function canonicalLangAttributes(xml: string): string {
  return xml
    .replace(/(<tuv\b[^>]*?\s)lang(\s*=)/g, '$1xml:lang$2')
    .replace(/(\s(?:xml:lang|srclang)\s*=\s*)(["'])([^"']*)\2/g, (whole, head: string, quote: string, value: string) => {
      if (value === '*all*') return whole;
      try {
        return `${head}${quote}${canonicalLocale(value)}${quote}`;
      } catch {
        return whole;
      }
    });
}

/**
 * Every `<tu>` gets its own tuid (any tuid it had is dropped: Tandem does not keep it). tmexchange keys a unit by its
 * tuid, or else by its variant in the header's `srclang`, so without this a unit whose srclang variant is missing (or
 * `srclang="*all*"`) would be dropped, and two units with the same text in that language merged.
 */
function numberUnits(xml: string): string {
  let n = 0;
  return xml.replace(/<tu\b([^>]*?)(\/?)>/g, (_whole, attrs: string, empty: string) => {
    n += 1;
    return `<tu tuid="u${n}"${attrs.replace(/\stuid\s*=\s*(?:"[^"]*"|'[^']*')/, '')}${empty}>`;
  });
}

/** Inline elements inside `<seg>` → one placeholder each, remembered as the Tandem tag they stand for. */
function protectInline(xml: string, tags: string[]): string {
  return xml.replace(/(<seg\b[^>]*>)([\s\S]*?)(<\/seg>)/g, (_whole, open: string, body: string, close: string) => {
    let standalone = 0;
    const place = (tag: string) => {
      if (tags.length > PLACEHOLDER_MAX) throw new Error('too many inline tags');
      tags.push(tag);
      return String.fromCodePoint(PLACEHOLDER_BASE + tags.length - 1);
    };
    const inner = body
      .replace(/<hi\b[^>]*>|<\/hi>/g, '')
      .replace(/<bpt\b([^>]*)(?:\/>|>[\s\S]*?<\/bpt>)/g, (_m, a: string) =>
        place(tagString({ type: 'open', id: attr(a, 'x') ?? attr(a, 'i') ?? '0' })),
      )
      .replace(/<ept\b([^>]*)(?:\/>|>[\s\S]*?<\/ept>)/g, (_m, a: string) => place(tagString({ type: 'close', id: attr(a, 'i') ?? '0' })))
      .replace(/<(ph|it|ut)\b([^>]*)(?:\/>|>[\s\S]*?<\/\1>)/g, (_m, _n: string, a: string) => {
        standalone += 1;
        return place(tagString({ type: 'standalone', id: attr(a, 'x') ?? attr(a, 'i') ?? String(100 + standalone) }));
      });
    return open + inner + close;
  });
}

/** A seg as tmexchange returns it (decoded text with placeholders) → Tandem segment text. */
function toSegmentText(seg: unknown, tags: readonly string[]): string {
  const text =
    typeof seg === 'string' ? seg : typeof seg === 'object' && seg !== null && '_' in seg ? String((seg as { _: unknown })._) : '';
  return escapeText(text.normalize('NFC')).replace(PLACEHOLDER, (ch) => tags[ch.codePointAt(0)! - PLACEHOLDER_BASE] ?? '');
}

function isUnit(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.values(value).some((v) => typeof v === 'string');
}

function parseError(message: string, file: string | undefined, line?: number, cause?: unknown): FormatParseError {
  const where = `${file ? `${file}: ` : ''}${line ? `line ${line}: ` : ''}`;
  return new FormatParseError(`tmx: ${where}${message}`, { ...(file ? { file } : {}), ...(line ? { line } : {}) }, { cause });
}

export const tmxFormat = {
  id: 'tmx',

  async parse(text: string, file?: string) {
    const xml = stripBom(text);
    const root = /<tmx\b/.exec(xml);
    if (!root) throw parseError('no <tmx> element; is this a TMX file?', file, 1);
    const header = /<header\b[^>]*>/.exec(xml);
    if (!header) throw parseError('<tmx> has no <header>; TMX 1.4b requires one', file, lineAt(xml, root.index));
    const headerLine = lineAt(xml, header.index);
    for (const required of ['datatype', 'segtype', 'o-tmf']) {
      if (attr(header[0], required) === undefined) {
        throw parseError(`<header> has no ${required} attribute, which TMX 1.4b requires`, file, headerLine);
      }
    }
    // Well-formedness first, on the file as given, so line numbers in errors are the file's own.
    try {
      await tmx2js(xml);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      const line = /Line: (\d+)/.exec(message);
      // Only XML errors count here; tmexchange also chokes on inline elements in a tuid-less unit, read below.
      if (line) throw parseError(`not well-formed XML: ${message.split('\n')[0]}`, file, Number(line[1]) + 1, cause);
    }
    const tags: string[] = [];
    let js: Awaited<ReturnType<typeof tmx2js>>;
    try {
      js = await tmx2js(numberUnits(protectInline(canonicalLangAttributes(xml), tags)));
    } catch (cause) {
      // tmexchange's own message is about its internals (`Cannot read properties of undefined`): kept as the cause only.
      throw parseError(
        'could not read the translation units; each <tu> must hold <tuv xml:lang="…"> elements with one <seg> each, not other <tu>s',
        file,
        undefined,
        cause,
      );
    }
    const units: ExchangeUnit[] = [];
    const visit = (node: Record<string, unknown>, group: string | null) => {
      for (const [key, value] of Object.entries(node)) {
        if (isUnit(value)) {
          const variants: Record<string, string> = {};
          for (const [lang, seg] of Object.entries(value)) {
            if (!isLanguageTag(lang)) throw parseError(`xml:lang="${lang}" is not a language tag (examples: ko, en-US)`, file);
            variants[lang] = toSegmentText(seg, tags);
          }
          units.push({ variants, slug: group && isSlug(group) ? group : null });
        } else if (typeof value === 'object' && value !== null) {
          visit(value as Record<string, unknown>, key);
        }
      }
    };
    visit(js.resources, null);
    return { units, tool: js.creationTool ?? null };
  },

  async serialize(entries: readonly MemoryEntry[], sourceLocale: Locale) {
    const tags: TagToken[] = [];
    const place = (text: string) =>
      tokenize(text)
        .map((t) => {
          if (t.type === 'text') return unescapeText(t.text);
          tags.push(t);
          return String.fromCodePoint(PLACEHOLDER_BASE + tags.length - 1);
        })
        .join('');
    // The article slug travels as tmexchange's `group` property; pairs without an article are plain units.
    const resources: Record<string, unknown> = {};
    for (const e of entries) {
      const unit = { [sourceLocale]: place(e.source), [e.targetLocale]: place(e.target) };
      if (e.slug) ((resources[e.slug] ??= {}) as Record<string, unknown>)[e.id] = unit;
      else resources[e.id] = unit;
    }
    const xml = await js2tmx({
      sourceLanguage: sourceLocale,
      resources,
      creationTool: 'tandem',
      creationToolVersion: '1',
      oTMF: 'tandem',
      segtype: 'sentence',
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n${xml.replace(PLACEHOLDER, (ch) => {
      const tag = tags[ch.codePointAt(0)! - PLACEHOLDER_BASE];
      if (!tag) return '';
      const shown = escapeText(tagString(tag));
      if (tag.type === 'standalone') return `<ph x="${tag.id}">${shown}</ph>`;
      return tag.type === 'close' ? `<ept i="${tag.id}">${shown}</ept>` : `<bpt i="${tag.id}" x="${tag.id}">${shown}</bpt>`;
    })}\n`;
  },
} satisfies MemoryExchangeFormat;
