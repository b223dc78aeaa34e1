import type { Locale } from '../locale.ts';
import type { TranslationState } from '../model.ts';

/** The XLIFF versions Tandem writes and reads. */
export const XLIFF_VERSIONS = ['1.2', '2.0'] as const;
export type XliffVersion = (typeof XLIFF_VERSIONS)[number];

/**
 * One translation unit, in Tandem's terms. Texts are segment text (core/segment-text.ts: `<g1>…</g1>`, `<x2/>`); a
 * confidential term masked for the file is a masking placeholder (`<tdmc i="1"/>`, core/masking.ts) in both texts.
 */
export interface XliffUnit {
  /** The segment id (`s-…`). */
  readonly id: string;
  readonly source: string;
  /** null when the unit has no target (untranslated). */
  readonly target: string | null;
  /**
   * The unit's state mapped to Tandem's workflow by the format (XLIFF 1.2 `state` plus `approved`, 2.0 `state` plus
   * `subState`). On reading only `untranslated`, `draft`, `submitted` and `approved` come back.
   */
  readonly state: TranslationState;
  /**
   * The revision of the translation this unit was exported from (Translation.revision, 0 when there was none), which
   * the importer compares with the translation's revision now, as the API's If-Match does; written as the unit's
   * `tandem:revision` attribute (namespace XLIFF_TANDEM_NS). Absent when the file does not record it (files exported
   * before revisions were recorded, or written by another tool).
   */
  readonly revision?: number;
  /** Plain-text notes (glossary terms, comments, confidential markers), in order. */
  readonly notes: readonly string[];
  /** Line of the unit's start tag in the file read (1-based); absent on writing. */
  readonly line?: number;
  /**
   * Set on reading when the unit's inline markup cannot be carried in segment text (an element Tandem does not
   * write, such as `<bpt>` or `<sc>`, or an inline id that is not Tandem's): what was found. Its texts are then empty.
   */
  readonly problem?: string;
}

/**
 * Tandem's namespace for what XLIFF has no attribute for (the unit's `tandem:revision`). Both versions allow attributes
 * of other namespaces on a unit, and XLIFF tools that rewrite a file in place (Translate Toolkit) keep them.
 */
export const XLIFF_TANDEM_NS = 'urn:tandem:xliff';

/** One article in a file (1.2 `<file original>`, 2.0 `<file id>`). */
export interface XliffFile {
  readonly slug: string;
  readonly units: readonly XliffUnit[];
}

/** A whole XLIFF document: one language pair, one or more articles. */
export interface XliffDocument {
  readonly version: XliffVersion;
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  readonly files: readonly XliffFile[];
}

/** An XLIFF dialect (1.2 or 2.0), read and written through a maintained XLIFF library. */
export interface XliffFormat {
  /** Stable id (`xliff12`, `xliff20`). */
  readonly id: string;
  /** The version this format writes and reads. */
  readonly version: XliffVersion;
  /** File name endings, lowercase with the dot. */
  readonly extensions: readonly string[];
  /** The MIME type a download is served with. */
  readonly mediaType: string;
  /**
   * Read a decoded document of this version; throws FormatParseError saying where (`xliff: <unit> without id at line
   * 42`) for a file that is not well-formed or not XLIFF of this version. `file` only labels messages.
   */
  parse(text: string, file?: string): Promise<XliffDocument>;
  /** Write a document (UTF-8 text with an XML declaration). */
  serialize(document: XliffDocument): Promise<string>;
}

/** Every XLIFF version Tandem knows, as the exchange service sees them; main.ts wires it to adapters/formats. */
export interface XliffFormats {
  /** The format that writes `version`. */
  forVersion(version: XliffVersion): XliffFormat;
  /** Read a document of any known version, chosen by its root's `version`; FormatParseError saying where otherwise. */
  parse(text: string, file?: string): Promise<XliffDocument>;
}
