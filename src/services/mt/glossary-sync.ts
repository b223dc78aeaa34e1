import { MtAuthError, MtError, MtQuotaError } from '../../core/errors.ts';
import type { Locale } from '../../core/locale.ts';
import { maskTerms, type MaskTerm } from '../../core/masking.ts';
import type { MtGlossarySupport } from '../../core/ports/mt-provider.ts';
import type { GlossaryRecord, MtSettingsStore, RemoteGlossaryRecord } from '../../core/ports/mt-store.ts';
import { contentHash } from '../../core/text.ts';
import { type MtRuntime, StopDraining } from './runtime.ts';
import type { BlockedGlossary } from './types.ts';

/** A provider-side glossary in use: its id and the hash of the entries it holds. */
export interface SyncedGlossary {
  readonly id: string;
  readonly hash: string;
}

/** What a drain sends with a pair's requests: its glossary (null: none), or nothing at all while it is blocked. */
export type PairGlossary = { readonly glossary: SyncedGlossary | null } | { readonly blocked: string };

interface SyncDeps {
  readonly settings: MtSettingsStore;
  readonly providerId: string;
  readonly glossary: MtGlossarySupport;
  readonly confidential: readonly MaskTerm[];
  /** Now, ISO 8601 UTC (the time a failure is recorded). */
  readonly now?: () => string;
}

/** Hash of a glossary's entries, independent of their order: it names the provider-side copy. */
export function glossaryHash(entries: Readonly<Record<string, string>>): string {
  const sorted = Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return contentHash(JSON.stringify(sorted)).slice(0, 16);
}

/** The entries that may leave the building: those without a global confidential term on either side. */
function uploadable(glossary: GlossaryRecord | null, confidential: readonly MaskTerm[]): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [s, t] of Object.entries(glossary?.entries ?? {})) {
    if (maskTerms(s, confidential).slots.length === 0 && maskTerms(t, confidential).slots.length === 0) out[s] = t;
  }
  return out;
}

/**
 * The provider-side glossary id for a pair, uploading it only when its entries changed since the last upload (the
 * hash is in the glossary's name, so a lost id is found again without re-uploading). Entries that contain a global
 * confidential term are never uploaded. Resolves to null when the pair has no glossary. Provider failures are thrown
 * as they come (`MtError` subclasses); a failed upload is remembered on the pair's remote record, and entries the
 * provider refused are not sent again (an MtError `mt-glossary-refused` is thrown instead) until they change.
 */
export async function syncGlossary(deps: SyncDeps, sourceLocale: Locale, targetLocale: Locale): Promise<SyncedGlossary | null> {
  const entries = uploadable(await deps.settings.glossary(sourceLocale, targetLocale), deps.confidential);
  const remote = await deps.settings.remoteGlossary(deps.providerId, sourceLocale, targetLocale);
  if (Object.keys(entries).length === 0) {
    if (remote?.id) await deps.glossary.delete(remote.id);
    if (remote && (remote.id || remote.failure)) await deps.settings.putRemoteGlossary({ ...cleared(remote), hash: '', id: '' });
    return null;
  }
  const hash = glossaryHash(entries);
  if (remote && remote.hash === hash && remote.id) {
    if (remote.failure) await deps.settings.putRemoteGlossary(cleared(remote));
    return { id: remote.id, hash };
  }
  if (remote?.failure && remote.failure.hash === hash && !remote.failure.retryable) {
    throw new MtError(remote.failure.reason, { code: 'mt-glossary-refused' });
  }
  const name = `tandem ${sourceLocale}-${targetLocale} ${hash}`;
  let id: string;
  try {
    const existing = (await deps.glossary.list()).find((g) => g.name === name);
    id = existing?.id ?? (await deps.glossary.create(name, sourceLocale, targetLocale, entries)).id;
  } catch (error) {
    if (error instanceof MtError && !(error instanceof MtAuthError) && !(error instanceof MtQuotaError)) {
      const failure = { hash, reason: error.message, at: deps.now?.() ?? new Date().toISOString(), retryable: error.retryable };
      await deps.settings.putRemoteGlossary({
        provider: deps.providerId,
        sourceLocale,
        targetLocale,
        hash: remote?.hash ?? '',
        id: remote?.id ?? '',
        failure,
      });
    }
    throw error;
  }
  if (remote?.id && remote.id !== id) await deps.glossary.delete(remote.id);
  await deps.settings.putRemoteGlossary({ provider: deps.providerId, sourceLocale, targetLocale, hash, id });
  return { id, hash };
}

function cleared(remote: RemoteGlossaryRecord): RemoteGlossaryRecord {
  const { failure: _failure, ...rest } = remote;
  return rest;
}

/**
 * The glossary to send with a drain's requests for one pair: null when the provider has no glossary capability or
 * the pair has no glossary, `blocked` with the provider's reason when the upload was refused or kept failing under the
 * request retry policy (`MtRuntime.retryingProvider`). A pair whose glossary could
 * not be uploaded is never translated without it: its items wait. A rejected key throws StopDraining('unauthorized');
 * a spent quota is rethrown as MtQuotaError; other failures than the provider's (`MtError`) are rethrown.
 */
export async function glossaryForDrain(rt: MtRuntime, sourceLocale: Locale, targetLocale: Locale): Promise<PairGlossary> {
  const { provider, mt, logger } = rt.deps;
  const glossary = provider.capabilities.glossary;
  if (!glossary) return { glossary: null };
  const confidential = (await mt.settings.confidentialTerms(null)).map((t) => ({ term: t.term }));
  try {
    // The whole sync is retried: it lists before it creates, so a retry after a create whose answer was lost finds it.
    const synced = await rt.retryingProvider(() =>
      syncGlossary(
        { settings: mt.settings, providerId: provider.id, glossary, confidential, now: () => rt.now() },
        sourceLocale,
        targetLocale,
      ),
    );
    return { glossary: synced };
  } catch (error) {
    if (error instanceof MtAuthError) {
      rt.unauthorized = error.message;
      throw new StopDraining('unauthorized');
    }
    if (error instanceof MtQuotaError || !(error instanceof MtError)) throw error;
    logger?.warn(
      { err: error, sourceLocale, targetLocale },
      'mt: the glossary could not be uploaded; machine translation for this pair waits',
    );
    return { blocked: error.message };
  }
}

/**
 * The hash of the glossary entries a request for the pair would carry now (as `syncGlossary` computes it), or null
 * when the provider has no glossaries or the pair has none: the glossary version a reused answer must match.
 */
export async function currentGlossaryHash(rt: MtRuntime, sourceLocale: Locale, targetLocale: Locale): Promise<string | null> {
  const { provider, mt } = rt.deps;
  if (!provider.capabilities.glossary) return null;
  const confidential = (await mt.settings.confidentialTerms(null)).map((t) => ({ term: t.term }));
  const entries = uploadable(await mt.settings.glossary(sourceLocale, targetLocale), confidential);
  return Object.keys(entries).length === 0 ? null : glossaryHash(entries);
}

/**
 * The pairs whose current glossary could not be uploaded to the provider, with the provider's reason: their machine
 * translation waits. A failure of entries since re-imported is not listed (the next drain uploads the new ones).
 */
export async function blockedGlossaries(rt: MtRuntime): Promise<BlockedGlossary[]> {
  const { provider, mt } = rt.deps;
  if (!provider.enabled || !provider.capabilities.glossary) return [];
  const confidential = (await mt.settings.confidentialTerms(null)).map((t) => ({ term: t.term }));
  const out: BlockedGlossary[] = [];
  for (const g of await mt.settings.glossaries()) {
    const failure = (await mt.settings.remoteGlossary(provider.id, g.sourceLocale, g.targetLocale))?.failure;
    if (failure && failure.hash === glossaryHash(uploadable(g, confidential))) {
      out.push({ sourceLocale: g.sourceLocale, targetLocale: g.targetLocale, reason: failure.reason, at: failure.at });
    }
  }
  return out;
}

/** Forget every recorded upload failure, so the next drain uploads those glossaries again (`MtService.resume`). */
export async function clearGlossaryFailures(rt: MtRuntime): Promise<void> {
  const { provider, mt } = rt.deps;
  for (const g of await mt.settings.glossaries()) {
    const remote = await mt.settings.remoteGlossary(provider.id, g.sourceLocale, g.targetLocale);
    if (remote?.failure) await mt.settings.putRemoteGlossary(cleared(remote));
  }
}
