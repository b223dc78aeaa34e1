import type { GlossaryTerm } from '../core/ports/check.ts';
import type { GlossaryEntryDetails, GlossaryRecord, MtSettingsStore } from '../core/ports/mt-store.ts';

/** What the glossary functions read and write: the MT settings store, where glossaries live, and the clock. */
export interface GlossaryDeps {
  readonly settings: MtSettingsStore;
  readonly now?: () => Date;
}

/** Most entries a pair's glossary holds. */
export const GLOSSARY_MAX_ENTRIES = 10_000;

/** A dictionary without a prototype: every string, `__proto__` included, is an ordinary own key. */
export function termRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * Store a language pair's whole glossary (entries by source term, their details) stamped now (ISO 8601 UTC); an empty
 * entry list removes the pair's glossary (MtSettingsStore.putGlossary). The one place a glossary record is built.
 */
export async function storeGlossary(
  deps: GlossaryDeps,
  sourceLocale: string,
  targetLocale: string,
  entries: Record<string, string>,
  details: Record<string, GlossaryEntryDetails>,
): Promise<GlossaryRecord> {
  const record: GlossaryRecord = {
    sourceLocale,
    targetLocale,
    entries,
    ...(Object.keys(details).length ? { details } : {}),
    updatedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  await deps.settings.putGlossary(record);
  return record;
}

/** The details of one term of a stored glossary (own keys only: `constructor` is a term, not Object's). */
export function termDetails(record: Pick<GlossaryRecord, 'details'> | null, source: string): GlossaryEntryDetails | undefined {
  return record?.details && Object.hasOwn(record.details, source) ? record.details[source] : undefined;
}

/** Every stored glossary, one per language pair. */
export function listGlossaries(deps: GlossaryDeps): Promise<GlossaryRecord[]> {
  return deps.settings.glossaries();
}

/**
 * A glossary entry as pages and checks take it: the required rendering, and optionally forbidden renderings, a note and
 * case-sensitive matching (the check port's GlossaryTerm).
 */
export type GlossaryEntry = GlossaryTerm;

/** The entries of a stored glossary record, in stored order; none for null. */
export function glossaryEntries(record: GlossaryRecord | null): GlossaryEntry[] {
  if (!record) return [];
  return Object.entries(record.entries).map(([source, target]) => {
    const d = termDetails(record, source);
    return {
      source,
      target,
      ...(d?.forbidden?.length ? { forbidden: d.forbidden } : {}),
      ...(d?.note ? { note: d.note } : {}),
      ...(d?.caseSensitive ? { caseSensitive: true } : {}),
    };
  });
}
