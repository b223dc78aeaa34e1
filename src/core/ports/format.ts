import type { ExtractedSegment, FrontMatter, SourceFormat } from '../model.ts';

/** What a format adapter makes of an input file. */
export interface ParsedDocument {
  readonly frontMatter: FrontMatter;
  /** Segments in reading order: front matter title/subtitle first, then the body. */
  readonly segments: readonly ExtractedSegment[];
  /** The normalized document as Markdown with YAML front matter; every format normalizes to Markdown. */
  readonly document: string;
}

/** An input format (Markdown, HTML, plain text). */
export interface Format {
  /** Stable id stored with articles. */
  readonly id: SourceFormat;
  /** File name endings this format reads, lowercase with the dot (".md"). */
  readonly extensions: readonly string[];
  /** Parse a decoded, validated text; throws FormatParseError saying where and what. `file` only labels messages. */
  parse(text: string, file?: string): ParsedDocument;
}

/** Rebuilds a localized document from a normalized source document and one text per extracted segment. */
export interface DocumentRebuilder {
  /**
   * `texts[i]` replaces the i-th segment that parsing `document` extracts (same order as ParsedDocument.segments).
   * `frontMatter` entries override or add front matter keys (e.g. translationOf, version). Returns Markdown.
   */
  rebuild(document: string, texts: readonly string[], frontMatter?: Readonly<Record<string, unknown>>): string;
}
