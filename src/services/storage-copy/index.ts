import type { Storage } from '../../core/ports/storage-backend.ts';
import type { Slug } from '../../core/slug.ts';
import { copyArticles, copyArticleTerms, copyPublications } from './copy-articles.ts';
import { copyFeedItems, type FeedItemStores, verifyFeedItems } from './copy-feed-items.ts';
import { copyApiTokens, copyGlossaries, copyLedger, copyMemory, copyMtSettings, copyQueue, copyUsers } from './copy-records.ts';
import { COPY_KINDS, type CopyProgress, type KindReport, type KindVerification } from './report.ts';
import { verifyCopy } from './verify.ts';

export type { FeedItemStores } from './copy-feed-items.ts';
export { COPY_KINDS, type CopyKind, type CopyProgress, fingerprint, type KindReport, type KindVerification } from './report.ts';

/**
 * What a copy leaves out on purpose, and why (the ports cannot list them, and none is worth carrying over): printed
 * with every report so nobody wonders.
 */
export const NOT_COPIED = [
  'login sessions (everyone logs in again, with the same password)',
  'stored answers of idempotent API requests (kept 24 hours only)',
  'machine answers kept for re-runs and for texts met again (such a text is sent to the provider once more)',
  "today's re-run spending per person",
  "the feed's HTTP validators (the first poll fetches the whole feed once and skips the items it knows)",
] as const;

/** How to copy. */
export interface StorageCopyConfig {
  /** Ids of the MT providers whose pauses and provider-side glossaries are copied (the provider registry's). */
  readonly providers: readonly string[];
  /** Progress as each kind advances (for a progress line on stderr); called often, so keep it cheap. */
  readonly onProgress?: CopyProgress;
  /** The feed poller's memory of both installations (kept beside their storage); without it no feed item is copied. */
  readonly feedItems?: FeedItemStores;
}

/** What a copy did, and what reading the target back found. */
export interface StorageCopyResult {
  /** One row per kind, in COPY_KINDS order. */
  readonly copied: readonly KindReport[];
  /** One row per kind, in COPY_KINDS order. */
  readonly verified: readonly KindVerification[];
}

/**
 * Copy everything one Storage holds into another through the store ports (`tandem db import-lowdb`: an embedded data
 * directory into PostgreSQL), keeping ids, timestamps and history, then verify the target against the source. Safe to
 * run again: what the target already holds unchanged is counted as present and not written; what changed in the
 * source since is written again (`updated`). Reads articles a batch at a time, so memory does not grow with the
 * archive (the memory log and the ledger are read whole, as their stores offer them). The source is only read.
 * Throws what the stores throw (a corrupt source file, a lost database connection); a record the target cannot take
 * (an account name taken by another id, a different published version) is a conflict in the report, not a throw.
 */
export async function copyStorage(source: Storage, target: Storage, config: StorageCopyConfig): Promise<StorageCopyResult> {
  const onProgress: CopyProgress = config.onProgress ?? (() => undefined);
  // The listing is one small row per article; records themselves are read a batch at a time.
  const slugs: Slug[] = (await source.articles.list()).map((row) => row.slug).sort();
  const copied = [
    await copyUsers(source, target),
    await copyApiTokens(source, target),
    await copyArticles(source, target, slugs, onProgress),
    await copyArticleTerms(source, target, slugs, onProgress),
    await copyPublications(source, target, slugs, onProgress),
    await copyMemory(source, target, onProgress),
    await copyGlossaries(source, target),
    await copyLedger(source, target),
    await copyMtSettings(source, target, config.providers),
    await copyQueue(source, target),
    await copyFeedItems(config.feedItems),
  ].map((tally) => tally.report());
  const verified = [...(await verifyCopy(source, target, slugs, config.providers, onProgress)), await verifyFeedItems(config.feedItems)];
  const order = (kind: string) => COPY_KINDS.indexOf(kind as (typeof COPY_KINDS)[number]);
  return {
    copied: copied.sort((a, b) => order(a.kind) - order(b.kind)),
    verified: verified.sort((a, b) => order(a.kind) - order(b.kind)),
  };
}
