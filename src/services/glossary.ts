import { parse } from 'csv-parse/sync';
import { ValidationError } from '../core/errors.ts';
import { canonicalLocale, type Locale } from '../core/locale.ts';
import { maskTerms, type MaskTerm } from '../core/masking.ts';
import type { MtProvider } from '../core/ports/mt-provider.ts';
import type { GlossaryRecord, MtSettingsStore } from '../core/ports/mt-store.ts';
import { contentHash } from '../core/text.ts';

export interface GlossaryDeps {
  readonly settings: MtSettingsStore;
  readonly now?: () => Date;
}

const MAX_ENTRIES = 10_000;

/**
 * Read a two-column CSV (source term, target term; an optional header row `source,target` is skipped).
 * Errors say which line is wrong.
 */
export function parseGlossaryCsv(text: string, file = 'glossary.csv'): Record<string, string> {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (cause) {
    throw new ValidationError(`glossary: ${file} is not valid CSV: ${(cause as Error).message}`, [], { cause });
  }
  const entries: Record<string, string> = {};
  rows.forEach((row, i) => {
    const [source, target] = row;
    if (i === 0 && /^source$/i.test(source ?? '') && /^target$/i.test(target ?? '')) return;
    if (!source || !target) throw new ValidationError(`glossary: ${file} line ${i + 1} needs two columns: source term, target term`);
    if (/[\t\n\r]/.test(source + target)) throw new ValidationError(`glossary: ${file} line ${i + 1} has a tab or line break inside a term`);
    entries[source.normalize('NFC')] = target.normalize('NFC');
  });
  if (Object.keys(entries).length > MAX_ENTRIES) throw new ValidationError(`glossary: ${file} has more than ${MAX_ENTRIES} entries`);
  return entries;
}

/** Replace (or, with `merge`, extend) the glossary of a language pair. */
export async function importGlossary(
  deps: GlossaryDeps,
  input: { readonly from: string; readonly to: string; readonly entries: Readonly<Record<string, string>>; readonly merge?: boolean },
): Promise<GlossaryRecord> {
  const sourceLocale = canonicalLocale(input.from);
  const targetLocale = canonicalLocale(input.to);
  const current = input.merge ? await deps.settings.glossary(sourceLocale, targetLocale) : null;
  const record: GlossaryRecord = {
    sourceLocale,
    targetLocale,
    entries: { ...(current?.entries ?? {}), ...input.entries },
    updatedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  await deps.settings.putGlossary(record);
  return record;
}

export function listGlossaries(deps: GlossaryDeps): Promise<GlossaryRecord[]> {
  return deps.settings.glossaries();
}

/** Hash of a glossary's entries, independent of their order: it names the provider-side copy. */
export function glossaryHash(entries: Readonly<Record<string, string>>): string {
  const sorted = Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return contentHash(JSON.stringify(sorted)).slice(0, 16);
}

/**
 * The provider-side glossary id for a pair, uploading it only when its entries changed since the last upload (the
 * hash is in the glossary's name, so a lost id is found again without re-uploading). Entries that contain a global
 * confidential term are never uploaded. Resolves to null when the pair has no glossary.
 */
export async function syncGlossary(
  deps: GlossaryDeps & { readonly provider: MtProvider; readonly confidential: readonly MaskTerm[] },
  sourceLocale: Locale,
  targetLocale: Locale,
): Promise<{ id: string; hash: string } | null> {
  const glossary = await deps.settings.glossary(sourceLocale, targetLocale);
  const entries = Object.fromEntries(
    Object.entries(glossary?.entries ?? {}).filter(
      ([s, t]) => maskTerms(s, deps.confidential).slots.length === 0 && maskTerms(t, deps.confidential).slots.length === 0,
    ),
  );
  const remote = await deps.settings.remoteGlossary(deps.provider.id, sourceLocale, targetLocale);
  if (Object.keys(entries).length === 0) {
    if (remote) {
      await deps.provider.deleteGlossary(remote.id);
      await deps.settings.putRemoteGlossary({ ...remote, hash: '', id: '' });
    }
    return null;
  }
  const hash = glossaryHash(entries);
  if (remote && remote.hash === hash && remote.id) return { id: remote.id, hash };
  const name = `tandem ${sourceLocale}-${targetLocale} ${hash}`;
  const existing = (await deps.provider.listGlossaries()).find((g) => g.name === name);
  const id = existing?.id ?? (await deps.provider.createGlossary(name, sourceLocale, targetLocale, entries)).id;
  if (remote?.id && remote.id !== id) await deps.provider.deleteGlossary(remote.id);
  await deps.settings.putRemoteGlossary({ provider: deps.provider.id, sourceLocale, targetLocale, hash, id });
  return { id, hash };
}
