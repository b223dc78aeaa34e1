import { MtAuthError, MtQuotaError } from '../../core/errors.ts';
import type { Locale } from '../../core/locale.ts';
import { maskTerms, type MaskTerm } from '../../core/masking.ts';
import type { MtGlossarySupport } from '../../core/ports/mt-provider.ts';
import type { MtSettingsStore } from '../../core/ports/mt-store.ts';
import { contentHash } from '../../core/text.ts';
import { type MtRuntime, StopDraining } from './runtime.ts';

/** A provider-side glossary in use: its id and the hash of the entries it holds. */
export interface SyncedGlossary {
  readonly id: string;
  readonly hash: string;
}

/** Hash of a glossary's entries, independent of their order: it names the provider-side copy. */
export function glossaryHash(entries: Readonly<Record<string, string>>): string {
  const sorted = Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return contentHash(JSON.stringify(sorted)).slice(0, 16);
}

/**
 * The provider-side glossary id for a pair, uploading it only when its entries changed since the last upload (the
 * hash is in the glossary's name, so a lost id is found again without re-uploading). Entries that contain a global
 * confidential term are never uploaded. Resolves to null when the pair has no glossary. Provider failures are thrown
 * as they come (`MtError` subclasses).
 */
export async function syncGlossary(
  deps: { readonly settings: MtSettingsStore; readonly providerId: string; readonly glossary: MtGlossarySupport; readonly confidential: readonly MaskTerm[] },
  sourceLocale: Locale,
  targetLocale: Locale,
): Promise<SyncedGlossary | null> {
  const glossary = await deps.settings.glossary(sourceLocale, targetLocale);
  const entries = Object.fromEntries(
    Object.entries(glossary?.entries ?? {}).filter(
      ([s, t]) => maskTerms(s, deps.confidential).slots.length === 0 && maskTerms(t, deps.confidential).slots.length === 0,
    ),
  );
  const remote = await deps.settings.remoteGlossary(deps.providerId, sourceLocale, targetLocale);
  if (Object.keys(entries).length === 0) {
    if (remote) {
      await deps.glossary.delete(remote.id);
      await deps.settings.putRemoteGlossary({ ...remote, hash: '', id: '' });
    }
    return null;
  }
  const hash = glossaryHash(entries);
  if (remote && remote.hash === hash && remote.id) return { id: remote.id, hash };
  const name = `tandem ${sourceLocale}-${targetLocale} ${hash}`;
  const existing = (await deps.glossary.list()).find((g) => g.name === name);
  const id = existing?.id ?? (await deps.glossary.create(name, sourceLocale, targetLocale, entries)).id;
  if (remote?.id && remote.id !== id) await deps.glossary.delete(remote.id);
  await deps.settings.putRemoteGlossary({ provider: deps.providerId, sourceLocale, targetLocale, hash, id });
  return { id, hash };
}

/**
 * The glossary to send with a drain's requests for one pair, or null when the provider has no glossary capability or
 * the upload failed (the drafts are then made without it). A rejected key throws StopDraining('unauthorized'); a
 * spent quota is rethrown as MtQuotaError.
 */
export async function glossaryForDrain(rt: MtRuntime, sourceLocale: Locale, targetLocale: Locale): Promise<SyncedGlossary | null> {
  const { provider, mt, logger } = rt.deps;
  const glossary = provider.capabilities.glossary;
  if (!glossary) return null;
  const confidential = (await mt.settings.confidentialTerms(null)).map((t) => ({ term: t.term }));
  try {
    return await syncGlossary({ settings: mt.settings, providerId: provider.id, glossary, confidential }, sourceLocale, targetLocale);
  } catch (error) {
    if (error instanceof MtAuthError) {
      rt.unauthorized = error.message;
      throw new StopDraining('unauthorized');
    }
    if (error instanceof MtQuotaError) throw error;
    // A glossary that cannot be uploaded must not stop translation; the draft is simply made without it.
    logger?.warn({ err: error, locale: targetLocale }, 'mt: glossary upload failed; translating without it');
    return null;
  }
}
