import { MtBudgetError, ValidationError } from '../../core/errors.ts';
import { DEFAULT_SOURCE_LOCALE, type Locale } from '../../core/locale.ts';
import type { ArticleRecord, Segment } from '../../core/model.ts';
import type { MtQueueItem, NewMtQueueItem } from '../../core/ports/mt-store.ts';
import { termsForArticle } from '../confidential.ts';
import { contextFingerprints, draftKey, reusableDraft } from './draft-cache.ts';
import { applyMachineDrafts } from './drafts.ts';
import { currentGlossaryHash } from './glossary-sync.ts';
import { maskSource } from './masking.ts';
import type { MtRuntime } from './runtime.ts';
import { DEFAULT_RERUN_BUDGET, type MtRerunBudgetStatus, type RetranslateResult } from './types.ts';

/** Largest daily re-run budget an editor may set: 10 million characters. */
export const MAX_RERUN_BUDGET = 10_000_000;

/** A re-run about to be asked for: the segment, its locale, who asks, and the translation revision it saw. */
export interface RerunRequest {
  readonly record: ArticleRecord;
  readonly segment: Segment;
  readonly locale: Locale;
  readonly by: string;
  readonly expectedRevision: number;
}

/** What the re-run would send: the masked source, its cost in code points, and the key its answer is kept under. */
export interface PlannedRerun {
  readonly masked: string;
  readonly slots: readonly string[];
  readonly characters: number;
  readonly key: string;
}

/** Mask the source as the worker will and work out the re-run's cost and reuse key. */
export async function planRerun(rt: MtRuntime, r: RerunRequest): Promise<PlannedRerun> {
  const sourceLocale = rt.deps.sourceLocale ?? DEFAULT_SOURCE_LOCALE;
  const { masked, slots } = maskSource(r.segment.source, await termsForArticle(rt.deps.mt.settings, r.record));
  const key = draftKey(rt, {
    sourceLocale,
    targetLocale: r.locale,
    glossaryHash: await currentGlossaryHash(rt, sourceLocale, r.locale),
    masked,
    context: contextFingerprints(r.record).get(r.segment.id) ?? '',
  });
  return { masked, slots, characters: [...masked].length, key };
}

/**
 * Apply the answer received for the same text and settings within the reuse window, if there is one: nothing is sent
 * and nothing charged. The draft goes through the same sink as a fresh one (it replaces an untouched machine draft,
 * else arrives as a suggestion). Resolves with when the answer was received, or null when there is none to reuse.
 */
export async function reuseDraft(rt: MtRuntime, r: RerunRequest, planned: PlannedRerun): Promise<string | null> {
  const cached = await reusableDraft(rt, planned.key);
  if (!cached) return null;
  const item: MtQueueItem = {
    id: `reuse-${planned.key.slice(0, 12)}`,
    jobId: '',
    ...rerunItem(r),
    state: 'in-flight',
    attempts: 0,
    enqueuedAt: rt.now(),
  };
  await applyMachineDrafts(rt, [{ member: { item, segment: r.segment, record: r.record, slots: planned.slots }, raw: cached.text }]);
  rt.deps.logger?.info({ slug: item.slug, segmentId: item.segmentId, locale: r.locale, by: r.by, at: cached.at }, 'mt: re-run reused');
  return cached.at;
}

/** The queue item a forced re-run of `r` becomes (reused or queued). */
function rerunItem(r: RerunRequest): NewMtQueueItem {
  return {
    slug: r.record.article.slug,
    segmentId: r.segment.id,
    locale: r.locale,
    hash: r.segment.hash,
    expectedRevision: r.expectedRevision,
    force: true,
    requestedBy: r.by,
  };
}

/**
 * Reuse a recent answer, or charge the requester's budget and queue the forced item; the charge is given back when
 * the same re-run is already waiting (which is never refused for want of budget).
 */
export async function queueRerun(rt: MtRuntime, r: RerunRequest): Promise<RetranslateResult> {
  const { queue } = rt.deps.mt;
  const planned = await planRerun(rt, r);
  const reusedAt = await reuseDraft(rt, r, planned);
  if (reusedAt !== null) return { job: null, queued: false, reason: 'reused', reusedAt };
  const item = rerunItem(r);
  let charged: number;
  try {
    charged = await chargeRerun(rt, r, planned);
  } catch (error) {
    const waiting = (await queue.items()).some(
      (i) =>
        i.force &&
        i.slug === item.slug &&
        i.segmentId === item.segmentId &&
        i.locale === item.locale &&
        i.hash === item.hash &&
        i.state !== 'failed',
    );
    if (error instanceof MtBudgetError && waiting) return { job: null, queued: false, reason: 'already-queued' };
    throw error;
  }
  const { job, added } = await queue.enqueue({ createdBy: r.by, provider: rt.deps.provider.id, locales: [r.locale] }, [item]);
  if (added === 0) {
    await refundRerun(rt, r.by, charged);
    return { job, queued: false, reason: 'already-queued' };
  }
  rt.wake?.();
  return { job, queued: true, reason: null };
}

/** Today as a UTC day, `YYYY-MM-DD`. */
function today(rt: MtRuntime): string {
  return rt.now().slice(0, 10);
}

/** The budget in force: the one an editor set, else the configured one. */
async function limit(rt: MtRuntime): Promise<number> {
  return (await rt.deps.mt.settings.rerunBudget())?.charactersPerDay ?? rt.deps.rerunBudget ?? DEFAULT_RERUN_BUDGET;
}

/**
 * Charge a re-run to its requester's budget for today and resolve with the characters charged. Throws MtBudgetError
 * when the day's re-runs of this person would exceed the budget (nothing is charged then).
 */
export async function chargeRerun(rt: MtRuntime, r: RerunRequest, planned: PlannedRerun): Promise<number> {
  const { characters } = planned;
  const budget = await limit(rt);
  const { charged, spent } = await rt.deps.mt.settings.chargeRerun({ user: r.by, day: today(rt), characters, limit: budget });
  if (!charged) {
    throw new MtBudgetError(
      `translate: ${r.by} has re-run ${spent} of ${budget} characters today (UTC); this re-run needs ${characters} more. ` +
        'An editor can raise the daily re-run budget on the articles page',
      { limit: budget, spent, cost: characters },
    );
  }
  return characters;
}

/** Give back a charge (a re-run that was not queued after all). */
export async function refundRerun(rt: MtRuntime, by: string, characters: number): Promise<void> {
  await rt.deps.mt.settings.chargeRerun({ user: by, day: today(rt), characters: -characters, limit: Number.POSITIVE_INFINITY });
}

/** The budget in force, who set it, and what each person re-ran today. */
export async function rerunBudgetStatus(rt: MtRuntime): Promise<MtRerunBudgetStatus> {
  const set = await rt.deps.mt.settings.rerunBudget();
  const day = today(rt);
  const spent = Object.entries(await rt.deps.mt.settings.rerunSpending(day))
    .filter(([, characters]) => characters > 0)
    .map(([user, characters]) => ({ user, characters }))
    .sort((a, b) => b.characters - a.characters || (a.user < b.user ? -1 : 1));
  return {
    charactersPerDay: await limit(rt),
    setBy: set?.setBy ?? null,
    setAt: set?.setAt ?? null,
    day,
    spent,
  };
}

/**
 * Set the daily re-run budget per person (characters). Throws ValidationError unless it is a whole number from 0 to
 * MAX_RERUN_BUDGET.
 */
export async function setRerunBudget(rt: MtRuntime, charactersPerDay: number, by: string): Promise<void> {
  if (!Number.isSafeInteger(charactersPerDay) || charactersPerDay < 0 || charactersPerDay > MAX_RERUN_BUDGET) {
    throw new ValidationError(`translate: the re-run budget must be a whole number of characters from 0 to ${MAX_RERUN_BUDGET}`, [], {
      reason: 'mt.budget-range',
      params: { max: MAX_RERUN_BUDGET },
    });
  }
  await rt.deps.mt.settings.setRerunBudget({ charactersPerDay, setBy: by, setAt: rt.now() });
  rt.deps.logger?.info({ charactersPerDay, by }, 'mt: re-run budget set');
}
