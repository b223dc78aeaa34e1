import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { requireLocale, requireLocales } from '../../core/locale.ts';
import type { ArticleRecord } from '../../core/model.ts';
import type { MtJob, NewMtQueueItem } from '../../core/ports/mt-store.ts';
import { parseSlug, type Slug } from '../../core/slug.ts';
import { itemsFor } from './batch-plan.ts';
import { memoryDraftsOnly } from './drafts.ts';
import { queueRerun } from './reruns.ts';
import type { MtRuntime } from './runtime.ts';
import type { EnqueueInput, RetranslateInput, RetranslateResult } from './types.ts';

// What goes into the queue and why: a person's request (MtService.enqueue), a re-run of one segment, an import.

/** The article `slug`; NotFoundError (reason `article.not-found`) when there is none. */
async function requireArticle(rt: MtRuntime, slug: Slug): Promise<ArticleRecord> {
  const record = await rt.deps.store.get(slug);
  if (!record)
    throw new NotFoundError(`translate: no article "${slug}"; import it first`, { reason: 'article.not-found', params: { slug } });
  return record;
}

/** MtService.enqueue: queue the untranslated and stale segments of some articles (or all) for some locales (or all). */
export async function enqueueArticles(rt: MtRuntime, input: EnqueueInput): Promise<{ job: MtJob | null; added: number; skipped: number }> {
  const { deps } = rt;
  const targets = rt.targets();
  // Checked before anything else, so a request naming a language the installation does not work in is refused even
  // when no provider would translate it.
  const locales = input.locales?.length ? requireLocales('translate', 'locales', targets, input.locales) : targets;
  if (!deps.provider.enabled) return { job: null, added: 0, skipped: 0 };
  const slugs = input.slugs ? input.slugs.map(parseSlug) : (await deps.store.list()).map((s) => s.slug);
  const items: NewMtQueueItem[] = [];
  const only = input.segmentIds ? new Set(input.segmentIds) : null;
  for (const slug of slugs) items.push(...itemsFor(await requireArticle(rt, slug), locales, only));
  const result = await deps.mt.queue.enqueue({ createdBy: input.by, provider: deps.provider.id, locales }, items);
  if (result.added > 0) rt.wake?.();
  return result;
}

/** MtService.retranslate: check the request, then queue the re-run of one segment (reruns.ts). */
export async function retranslateSegment(rt: MtRuntime, input: RetranslateInput): Promise<RetranslateResult> {
  const { deps } = rt;
  const locale = requireLocale('translate', 'locale', rt.targets(), input.locale);
  const slug = parseSlug(input.slug);
  const record = await requireArticle(rt, slug);
  const segment = record.segments.find((s) => s.id === input.segmentId && !s.removedAt);
  if (!segment) {
    throw new NotFoundError(`translate: article "${slug}" has no segment ${input.segmentId}; reload the article`, {
      reason: 'segment.not-found',
    });
  }
  if (segment.source.trim() === '')
    throw new ValidationError(`translate: segment ${segment.id} of "${slug}" has no source text to translate`, [], {
      reason: 'mt.no-source',
    });
  if (!deps.provider.enabled) return { job: null, queued: false, reason: 'off' };
  const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === locale);
  return queueRerun(rt, { record, segment, locale, by: input.by, expectedRevision: t?.revision ?? 0 });
}

/** MtService.afterImport: queue an import's new and changed segments, or only apply memory drafts with MT off. */
export async function queueImported(
  rt: MtRuntime,
  result: { readonly changedSegmentIds: readonly string[]; readonly addedSegmentIds: readonly string[] },
  record: ArticleRecord,
): Promise<void> {
  const { deps } = rt;
  if (deps.autoTranslate === false) return;
  const ids = new Set([...result.changedSegmentIds, ...result.addedSegmentIds]);
  if (ids.size === 0) return;
  const items = itemsFor(record, rt.targets(), ids);
  if (!deps.provider.enabled) {
    await memoryDraftsOnly(rt, items);
    return;
  }
  await deps.mt.queue.enqueue({ createdBy: 'import', provider: deps.provider.id, locales: rt.targets() }, items);
  rt.wake?.();
}
