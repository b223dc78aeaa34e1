import { checksCurrent } from '../core/check-decisions.ts';
import { AppError, NotFoundError } from '../core/errors.ts';
import { type Locale, requireLocale } from '../core/locale.ts';
import type { ArticleRecord, Segment, Translation } from '../core/model.ts';
import { parseSlug, type Slug } from '../core/slug.ts';
import type { WorkflowAction } from '../core/workflow.ts';
import { hasOpenErrors } from './checks.ts';
import { targetLocales } from './import-article.ts';
import type { ApproveAllInput, ApproveAllOutcome, ApproveInput, SubmitAllInput, SubmitAllOutcome } from './review-inputs.ts';
import { isBulkApprovable, isOwnFinishedDraft } from './review-rules.ts';
import type { ReviewStep } from './review-write.ts';
import type { ServiceDeps, TranslationEvent } from './types.ts';

// The review service's actions over a whole article and locale (approve-all, submit-all), in their own module to keep
// review.ts short; each single change still goes through the service's one write (review-write.ts).

async function requireArticle(deps: ServiceDeps, slug: Slug): Promise<ArticleRecord> {
  const record = await deps.store.get(slug);
  if (!record) throw new NotFoundError(`review: no article "${slug}"; import it first`);
  return record;
}

/** ReviewService.bulkApprovable: the translations in `locale` approve-all would take, over live segments, in stored order. */
export function approvableInBulk(record: ArticleRecord, locale: Locale, approver: string, fourEyes: boolean): Translation[] {
  const live = new Map(record.segments.filter((s) => !s.removedAt).map((s) => [s.id, s]));
  return record.translations.filter((t) => {
    const segment = t.locale === locale ? live.get(t.segmentId) : undefined;
    return segment !== undefined && isBulkApprovable(t, segment, approver, fourEyes);
  });
}

/** ReviewService.approveAll: `approve` each bulk-approvable translation at the revision counted here. */
export async function approveEveryApprovable(
  deps: ServiceDeps,
  input: ApproveAllInput,
  fourEyes: boolean,
  approve: (input: ApproveInput) => Promise<Translation>,
): Promise<ApproveAllOutcome> {
  const slug = parseSlug(input.slug);
  const locale = requireLocale('review', 'locale', targetLocales(deps), input.locale);
  const record = await requireArticle(deps, slug);
  let approved = 0;
  let skipped = 0;
  const approvable = approvableInBulk(record, locale, input.actor.name, fourEyes);
  // What approve-all leaves behind, said rather than silently kept back: the person sees why the locale is not ready.
  const taken = new Set(approvable);
  const live = new Map(record.segments.filter((s) => !s.removedAt).map((s) => [s.id, s]));
  const left = record.translations.filter((t) => t.locale === locale && t.state === 'submitted' && live.has(t.segmentId) && !taken.has(t));
  const ownTexts = fourEyes ? left.filter((t) => t.textBy === input.actor.name).length : 0;
  const heldByChecks = left.length - ownTexts;
  for (const t of approvable) {
    try {
      await approve({ slug, segmentId: t.segmentId, locale, baseRevision: t.revision, actor: input.actor });
      approved++;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped++;
    }
  }
  return { approved, skipped, heldByChecks, ownTexts };
}

/** ReviewService.submitAll: the actor's finished drafts go to review in one write (`stepMany`). */
export async function submitFinishedDrafts(
  deps: ServiceDeps,
  input: SubmitAllInput,
  stepMany: (steps: readonly ReviewStep[]) => Promise<TranslationEvent[]>,
): Promise<SubmitAllOutcome> {
  const slug = parseSlug(input.slug);
  const locale = requireLocale('review', 'locale', targetLocales(deps), input.locale);
  const record = await requireArticle(deps, slug);
  const live = new Set(record.segments.filter((s) => !s.removedAt).map((s) => s.id));
  const mine = (t: Translation) => isOwnFinishedDraft(t, input.actor.name);
  const candidates = record.translations.filter((t) => t.locale === locale && live.has(t.segmentId) && mine(t));
  if (candidates.length === 0) return { submitted: 0, blocked: 0 };
  let submitted = 0;
  let blocked = 0;
  await stepMany(
    candidates.map((c) => ({
      ref: { slug, segmentId: c.segmentId, locale, actor: input.actor },
      plan: (t: Translation, segment: Segment): WorkflowAction[] => {
        // Changed by someone else since it was counted: not this person's finished draft any more.
        if (!mine(t) || t.revision !== c.revision) return [];
        if (checksCurrent(t, segment.hash) && hasOpenErrors(t, segment)) {
          blocked++;
          return [];
        }
        submitted++;
        return [{ type: 'submit' }];
      },
    })),
  );
  return { submitted, blocked };
}
