import { ConflictError, NotFoundError } from '../../core/errors.ts';
import type { Locale } from '../../core/locale.ts';
import type { ArticleStore } from '../../core/ports/article-store.ts';
import type { NewMtQueueItem } from '../../core/ports/mt-store.ts';
import { unmaskAnswer } from './masking.ts';
import type { Member, MtRuntime } from './runtime.ts';
import type { DraftRequest, ExactMatch } from './types.ts';

/** The history note of an automatic approval. */
export const AUTO_APPROVE_NOTE = 'auto-approved: 100% translation memory match from the same article';

/** The approved translation of a source hash in a locale and the article it comes from, or null; `slug` is the article being translated. */
export type ExactLookup = (hash: string, locale: Locale, slug: string) => Promise<ExactMatch | null>;

/**
 * Approved translations by source hash and locale, with the article of each match, from one scan of the article
 * store; the article being translated has its own translations preferred.
 */
export async function scanExact(store: ArticleStore): Promise<ExactLookup> {
  const index = new Map<string, Map<string, string>>();
  for (const summary of await store.list()) {
    const record = await store.get(summary.slug);
    if (!record) continue;
    const hashes = new Map(record.segments.map((s) => [s.id, s.hash]));
    for (const t of record.translations) {
      const hash = hashes.get(t.segmentId);
      if (t.state !== 'approved' || !hash || !t.text) continue;
      const key = `${hash}\u0000${t.locale}`;
      const bySlug = index.get(key) ?? new Map<string, string>();
      // Re-inserted so the last article seen is the fallback for other articles, as before.
      bySlug.delete(record.article.slug);
      bySlug.set(record.article.slug, t.text);
      index.set(key, bySlug);
    }
  }
  return async (hash, locale, slug) => {
    const bySlug = index.get(`${hash}\u0000${locale}`);
    if (!bySlug) return null;
    const own = bySlug.get(slug);
    if (own !== undefined) return { target: own, slug };
    const last = [...bySlug].at(-1);
    return last ? { target: last[1], slug: last[0] } : null;
  };
}

/**
 * Exact matches of many segments, in the order of `keys`: one call of the batch lookup when the service has one, else
 * `lookup` for each key in turn.
 */
export async function exactMatches(
  rt: MtRuntime,
  lookup: ExactLookup,
  keys: readonly { readonly hash: string; readonly locale: Locale; readonly slug: string }[],
): Promise<(ExactMatch | null)[]> {
  if (keys.length === 0) return [];
  if (rt.deps.findExactMatches) return rt.deps.findExactMatches(keys);
  const found: (ExactMatch | null)[] = [];
  for (const key of keys) found.push(await lookup(key.hash, key.locale, key.slug));
  return found;
}

/** The exact-match lookup: the richer one, the plain one (origin unknown), or one scan of the article store. */
export async function exactLookup(rt: MtRuntime): Promise<ExactLookup> {
  const { findExactMatch, findApprovedTranslation } = rt.deps;
  if (findExactMatch) return findExactMatch;
  if (findApprovedTranslation) {
    return async (hash, locale) => {
      const target = await findApprovedTranslation(hash, locale);
      return target === null ? null : { target, slug: null };
    };
  }
  return scanExact(rt.deps.store);
}

/**
 * With machine translation off nothing is queued, but exact memory matches cost nothing: new and changed segments
 * still get their draft from memory (marked so), straight away, one write per article.
 */
export async function memoryDraftsOnly(rt: MtRuntime, items: readonly NewMtQueueItem[]): Promise<void> {
  if (items.length === 0) return;
  const found = await exactMatches(rt, await exactLookup(rt), items);
  const hits = items.flatMap((item, i): MemoryHit[] => (found[i] ? [{ item, match: found[i] }] : []));
  await applyMemoryDrafts(rt, hits);
}

/** An exact memory match found for a queue item. */
export interface MemoryHit<Item extends NewMtQueueItem = NewMtQueueItem> {
  readonly item: Item;
  readonly match: ExactMatch;
}

/**
 * Apply memory drafts, one store write per article (each with its check results) when the sink can; with auto-approval
 * on and the match from this very article, approve it too. Only a draft that was actually applied is approved, never a
 * person's text it was merely suggested beside.
 */
export async function applyMemoryDrafts(rt: MtRuntime, hits: readonly MemoryHit[]): Promise<void> {
  if (hits.length === 0) return;
  const { drafts } = rt.deps;
  const requests = hits.map(
    ({ item, match }): DraftRequest => ({
      slug: item.slug,
      segmentId: item.segmentId,
      locale: item.locale,
      text: match.target,
      expectedRevision: item.expectedRevision,
      sourceHash: item.hash,
    }),
  );
  let applied: readonly Awaited<ReturnType<typeof drafts.applyMemoryDraft>>[] = [];
  if (drafts.applyMemoryDrafts) applied = await drafts.applyMemoryDrafts(requests);
  else for (const request of requests) applied = [...applied, await drafts.applyMemoryDraft(request)];
  for (const [i, { item, match }] of hits.entries()) await autoApprove(rt, item, match, applied[i]!);
}

async function autoApprove(
  rt: MtRuntime,
  item: NewMtQueueItem,
  match: ExactMatch,
  applied: { readonly outcome: string; readonly translation?: { readonly revision: number } },
): Promise<void> {
  const { drafts, logger } = rt.deps;
  if (!rt.deps.autoApproveSameArticle || applied.outcome !== 'applied' || match.slug !== item.slug || !drafts.approveMemoryDraft) return;
  // An applied draft replaced the row at `expectedRevision` and bumped it once.
  const revision = applied.translation?.revision ?? item.expectedRevision + 1;
  try {
    const { outcome } = await drafts.approveMemoryDraft({
      slug: item.slug,
      segmentId: item.segmentId,
      locale: item.locale,
      text: match.target,
      revision,
      note: AUTO_APPROVE_NOTE,
    });
    logger?.info({ slug: item.slug, segmentId: item.segmentId, locale: item.locale, outcome }, 'mt: same-article memory match');
  } catch (error) {
    // A re-import removed the segment meanwhile: the draft stays as it is and the import queues what is new.
    if (!(error instanceof NotFoundError || error instanceof ConflictError)) throw error;
    logger?.warn({ err: error, slug: item.slug, segmentId: item.segmentId }, 'mt: memory draft not auto-approved');
  }
}

/**
 * Unmask provider answers and apply them (one write per article when the sink can). Drafts are checked like any text
 * change, their results stored in the write that applies them (ServiceDeps.checker): inline tags the provider lost or
 * added, and masking placeholders it did not bring back intact (unmaskTerms leaves them visible in the draft), are
 * `inline-tags` errors, so nobody approves such a draft unseen.
 */
export async function applyMachineDrafts(rt: MtRuntime, list: readonly { member: Member; raw: string }[]): Promise<void> {
  const prepared = list.map(({ member, raw }) => {
    const { text, intact } = unmaskAnswer(raw, member.slots);
    const { item } = member;
    const request: DraftRequest = {
      slug: item.slug,
      segmentId: item.segmentId,
      locale: item.locale,
      text,
      expectedRevision: item.expectedRevision,
      sourceHash: item.hash,
    };
    if (!intact)
      rt.deps.logger?.warn({ slug: item.slug, segmentId: item.segmentId, locale: item.locale }, 'mt: masking placeholders not intact');
    return request;
  });
  const { drafts } = rt.deps;
  if (drafts.applyMachineDrafts && prepared.length > 1) await drafts.applyMachineDrafts(prepared);
  else for (const request of prepared) await drafts.applyMachineDraft(request);
}
