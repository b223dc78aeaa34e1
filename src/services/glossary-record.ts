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

/** A glossary entry as pages show it: the required rendering, and optionally a note and forbidden renderings. */
export interface GlossaryEntry {
  readonly source: string;
  readonly target: string;
  readonly note?: string;
  readonly forbidden?: readonly string[];
  /** Latin-script terms matched case-sensitively. */
  readonly caseSensitive?: boolean;
}

/** The entries of a stored glossary record, in stored order; none for null. */
export function glossaryEntries(record: GlossaryRecord | null): GlossaryEntry[] {
  if (!record) return [];
  return Object.entries(record.entries).map(([source, target]) => {
    const d = termDetails(record, source);
    return {
      source,
      target,
      ...(d?.note ? { note: d.note } : {}),
      ...(d?.forbidden?.length ? { forbidden: d.forbidden } : {}),
      ...(d?.caseSensitive ? { caseSensitive: true } : {}),
    };
  });
}
