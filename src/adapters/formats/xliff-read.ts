import type { XliffJs, XliffJsUnit } from 'xliff';
import { canonicalLocale, type Locale } from '../../core/locale.ts';
import type { TranslationState } from '../../core/model.ts';
import { XLIFF_TANDEM_NS, type XliffFile, type XliffUnit, type XliffVersion } from '../../core/ports/xliff-format.ts';
import { fromInline } from './xliff-inline.ts';
import { stripBom } from '../../core/text.ts';
import { protectWhitespace, type Scan, type ScannedUnit, scanUnits, xliffError } from './xliff-tree.ts';

/** What both XLIFF versions do with the library's result once their own mapping is known. */

/** How one XLIFF version is read: its number, the names `scanUnits` looks for, and the library's reader. */
export interface XliffReading {
  readonly version: XliffVersion;
  readonly names: Parameters<typeof scanUnits>[1];
  readonly toJs: (xml: string) => Promise<XliffJs>;
}

/**
 * The first steps of parsing either version: the scan of its units, the library's tree and the language pair.
 * FormatParseError when the document is another version, is not well-formed or lacks a language.
 */
export async function openXliff(
  text: string,
  file: string | undefined,
  reading: XliffReading,
): Promise<{ scan: Scan; js: XliffJs; sourceLocale: Locale; targetLocale: Locale }> {
  const xml = stripBom(text);
  const scan = scanUnits(xml, reading.names, file);
  if (scan.version !== reading.version) throw xliffError(`version "${scan.version ?? ''}" is not ${reading.version}`, file, 1);
  const js = await reading.toJs(protectWhitespace(xml, file));
  return { scan, js, ...documentLocales(js, file) };
}

/** The language pair of a document, canonical; FormatParseError when one is missing or not a BCP 47 tag. */
export function documentLocales(js: XliffJs, file?: string): { sourceLocale: Locale; targetLocale: Locale } {
  const locale = (value: string | undefined, what: string): Locale => {
    if (!value) throw xliffError(`the document names no ${what} language`, file, 1);
    try {
      return canonicalLocale(value);
    } catch (cause) {
      throw xliffError(`the ${what} language "${value}" is not a language tag`, file, 1, cause);
    }
  };
  return { sourceLocale: locale(js.sourceLanguage, 'source'), targetLocale: locale(js.targetLanguage, 'target') };
}

/** A unit's units, groups flattened, in document order. */
function flatten(units: Record<string, XliffJsUnit>): [string, XliffJsUnit][] {
  return Object.entries(units).flatMap(([id, unit]) =>
    unit.groupUnits ? flatten(unit.groupUnits) : [[id, unit] as [string, XliffJsUnit]],
  );
}

/** The fields of a unit a version reads itself: texts, state and any problem. */
export type UnitRead = Pick<XliffUnit, 'source' | 'target' | 'state' | 'problem'>;

/**
 * A unit's source and target in Tandem's notation, its state (`untranslated` when the target is absent or empty, else
 * what `state` reads from the version's attributes) and the first problem found: `problem` given by the version
 * first, then the source's inline markup, then the target's.
 */
export function readTexts(unit: XliffJsUnit, version: XliffVersion, state: () => TranslationState, problem?: string): UnitRead {
  const source = fromInline(unit.source, version);
  const target = unit.target === undefined ? { text: '' } : fromInline(unit.target, version);
  const found = problem ?? ('problem' in source ? source.problem : 'problem' in target ? target.problem : undefined);
  const targetText = 'text' in target && target.text !== '' ? target.text : null;
  return {
    source: 'text' in source ? source.text : '',
    target: targetText,
    state: targetText === null ? 'untranslated' : state(),
    ...(found ? { problem: found } : {}),
  };
}

/** The prefixes bound to Tandem's namespace on the root or on the unit itself (a tool may have chosen its own). */
function tandemPrefixes(root: Readonly<Record<string, string>>, unit: Readonly<Record<string, string>>): string[] {
  return [...Object.entries(root), ...Object.entries(unit)]
    .filter(([name, value]) => name.startsWith('xmlns:') && value === XLIFF_TANDEM_NS)
    .map(([name]) => name.slice('xmlns:'.length));
}

/**
 * The unit's `tandem:revision` (XliffUnit.revision): undefined when absent; FormatParseError at the unit's line when it
 * is not a whole number, since a guess could let a stale unit through.
 */
function revisionOf(scan: Scan, unit: ScannedUnit, file: string | undefined): number | undefined {
  const prefix = tandemPrefixes(scan.rootAttributes, unit.attributes).find((p) => `${p}:revision` in unit.attributes);
  if (prefix === undefined) return undefined;
  const raw = unit.attributes[`${prefix}:revision`]!;
  if (!/^\d{1,15}$/.test(raw)) throw xliffError(`unit "${unit.id}" has revision "${raw}", not a whole number`, file, unit.line);
  return Number(raw);
}

/**
 * The files of a document: the library's units matched with the scan (for line, state attributes and the revision),
 * read by `read`, in the order of the file. Units the library did not return (no source, for one) are left out.
 * FormatParseError (`file` labels it) for a revision that is not a whole number.
 */
export function collectUnits(
  js: XliffJs,
  scan: Scan,
  read: (unit: XliffJsUnit, scanned: ScannedUnit) => UnitRead,
  file?: string,
): XliffFile[] {
  const scanned = new Map(scan.units.map((u) => [`${u.file}\u0000${u.id}`, u]));
  return Object.entries(js.resources).map(([slug, units]) => ({
    slug,
    units: flatten(units).flatMap(([id, unit]) => {
      const found = scanned.get(`${slug}\u0000${id}`);
      if (!found) return [];
      const notes = unit.note === undefined ? [] : (Array.isArray(unit.note) ? unit.note : [unit.note]).map(String);
      const revision = revisionOf(scan, found, file);
      return [{ id, notes, line: found.line, ...(revision === undefined ? {} : { revision }), ...read(unit, found) }];
    }),
  }));
}
