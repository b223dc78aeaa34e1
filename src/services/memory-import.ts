import { type Locale, memoryLocale, memoryPairKey as pairKey } from '../core/locale.ts';
import type { ExchangeUnit, MemoryEntry } from '../core/ports/translation-memory-store.ts';
import { sourceHash } from '../core/text.ts';

/** What an import did for one language pair (memory locales). */
export interface PairImport {
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  /** Entries added. */
  readonly added: number;
  /** Pairs already in the memory or repeated in the file. */
  readonly duplicates: number;
  /** Empty translations. */
  readonly skipped: number;
}

/** What `MemoryService.importFile` reports. */
export interface ImportSummary {
  readonly units: number;
  /** The memory locale taken as the source of every unit: the installation's, whatever the file's header says. */
  readonly sourceLocale: Locale;
  /** Entries added (one per unit and target language). */
  readonly added: number;
  /** Pairs already in the memory or repeated in the file. */
  readonly duplicates: number;
  /** Units without a source-language text, and empty translations. */
  readonly skipped: number;
  /** Target locales of the added entries, sorted. */
  readonly locales: readonly Locale[];
  /** What happened per language pair, by target locale. */
  readonly pairs: readonly PairImport[];
  /** Units with no text in the source locale (skipped whole), and the locales they held instead. */
  readonly withoutSource: number;
  readonly withoutSourceLocales: readonly Locale[];
}

/** The entries an import adds, and what it leaves out. */
export interface ImportPlan {
  readonly fresh: readonly MemoryEntry[];
  /** Per language pair, by target locale. */
  readonly pairs: readonly PairImport[];
  /** Units with no text in the source locale, left out whole. */
  readonly withoutSource: number;
  /** Memory locales those units had, sorted: what the file holds instead of the source language. */
  readonly withoutSourceLocales: readonly Locale[];
}

/**
 * Whether the memory holds a live entry of the pair (memory locales) whose source has this `sourceHash` and whose
 * target is `target`.
 */
export type KnownPair = (sourceLocale: Locale, targetLocale: Locale, hash: string, target: string) => boolean;

/**
 * One entry per unit and target language that the memory does not hold yet (`known`; nothing is stored here). A
 * unit is multilingual: its variant in `sourceLocale` (the installation's source locale, compared as memory locales,
 * so `ko-KR` is `ko`) is the source and every other variant a target, whatever the file's header called the source
 * language (Translate Toolkit's po2tmx writes `srclang="en"` on a Korean-to-English memory). A pair deleted earlier is
 * added again: an import is dated now, after the deletion (see MemoryService.deleteEntry).
 */
export function planImport(
  units: readonly ExchangeUnit[],
  known: KnownPair,
  options: { readonly sourceLocale: Locale; readonly at: string; readonly importedBy: string; readonly newId: () => string },
): ImportPlan {
  const sourceLocale = memoryLocale(options.sourceLocale);
  const fresh: MemoryEntry[] = [];
  const keys = new Set<string>();
  const pairs = new Map<Locale, { added: number; duplicates: number; skipped: number }>();
  const stats = (targetLocale: Locale) => {
    let s = pairs.get(targetLocale);
    if (!s) pairs.set(targetLocale, (s = { added: 0, duplicates: 0, skipped: 0 }));
    return s;
  };
  let withoutSource = 0;
  const withoutSourceLocales = new Set<Locale>();
  for (const unit of units) {
    const variants = Object.entries(unit.variants).map(([tag, text]) => ({ locale: memoryLocale(tag), text }));
    const source = variants.find((v) => v.locale === sourceLocale && v.text.trim() !== '')?.text;
    if (source === undefined) {
      withoutSource += 1;
      for (const v of variants) withoutSourceLocales.add(v.locale);
      continue;
    }
    const hash = sourceHash(source);
    for (const { locale: targetLocale, text: target } of variants) {
      if (targetLocale === sourceLocale) continue;
      const s = stats(targetLocale);
      if (target.trim() === '') {
        s.skipped += 1;
        continue;
      }
      const key = `${pairKey(sourceLocale, targetLocale)}\u0000${hash}\u0000${target}`;
      if (keys.has(key) || known(sourceLocale, targetLocale, hash, target)) {
        s.duplicates += 1;
        continue;
      }
      keys.add(key);
      s.added += 1;
      fresh.push({
        id: options.newId(),
        sourceLocale,
        targetLocale,
        source,
        target,
        slug: unit.slug ?? null,
        segmentId: null,
        approvedAt: options.at,
        approvedBy: options.importedBy,
        origin: 'import',
        ...(unit.note ? { note: unit.note } : {}),
      });
    }
  }
  return {
    fresh,
    pairs: [...pairs].sort(([a], [b]) => a.localeCompare(b)).map(([targetLocale, s]) => ({ sourceLocale, targetLocale, ...s })),
    withoutSource,
    withoutSourceLocales: [...withoutSourceLocales].sort(),
  };
}

/** The report of an import of `units` units that stored `plan.fresh`. */
export function summarizeImport(plan: ImportPlan, units: number, sourceLocale: Locale): ImportSummary {
  const sum = (field: 'duplicates' | 'skipped') => plan.pairs.reduce((n, p) => n + p[field], 0);
  return {
    units,
    sourceLocale,
    added: plan.fresh.length,
    duplicates: sum('duplicates'),
    skipped: sum('skipped') + plan.withoutSource,
    locales: plan.pairs.filter((p) => p.added > 0).map((p) => p.targetLocale),
    pairs: plan.pairs,
    withoutSource: plan.withoutSource,
    withoutSourceLocales: plan.withoutSourceLocales,
  };
}
