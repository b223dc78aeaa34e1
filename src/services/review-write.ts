import { type Locale, requireLocale } from '../core/locale.ts';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import type { ArticleRecord, HistoryEntry, Segment, Translation } from '../core/model.ts';
import { parseSlug } from '../core/slug.ts';
import type { Actor, WorkflowAction } from '../core/workflow.ts';
import { applyAction } from '../core/workflow-apply.ts';
import { targetLocales } from './import-article.ts';
import type { SegmentRef } from './review-inputs.ts';
import { announceReady, readyLocales } from './outbound-events.ts';
import { locate } from './review-rules.ts';
import { nowIso, type ServiceDeps, type TranslationEvent } from './types.ts';

/** The review service's one read-modify-write of translations (review.ts), in its own module to keep that one short. */

/** Run the checks again on the touched translations before planning: every time (`force`), or only when stale. */
export type Recheck = { readonly force: boolean };

/** What a plan sees and answers: the current row and segment → the actions to apply (it may throw to refuse). */
export type Plan = (t: Translation, segment: Segment) => WorkflowAction[];

/** One translation to change: which, the plan, and optionally a second round (`afterChecks`, see writeSteps). */
export interface ReviewStep {
  readonly ref: SegmentRef & { readonly actor: Actor };
  readonly plan: Plan;
  readonly afterChecks?: Plan;
}

/**
 * Read-modify-write several translations of one article in a single store write: each step's plan sees the current
 * row and segment (an empty plan writes nothing; a throw refuses the whole write). A step's `afterChecks` plans a second round on the
 * row as the first left it, after the checks ran on its new text (a correction approved in the same write).
 */
export async function writeSteps(
  deps: ServiceDeps,
  steps: readonly ReviewStep[],
  recheck: Recheck,
  onStored?: (changed: readonly TranslationEvent[]) => void,
): Promise<TranslationEvent[]> {
  const slug = parseSlug(steps[0]!.ref.slug);
  const locales = steps.map(({ ref }) => {
    if (ref.slug !== slug) throw new ValidationError(`review: one write cannot span articles (${slug}, ${ref.slug})`);
    return requireLocale('review', 'locale', targetLocales(deps), ref.locale);
  });
  const found: { segment: Segment; translation: Translation }[] = [];
  // Steps whose translation any round changed: the ones open pages are told about.
  const changedSteps = new Set<number>();
  const touched = new Set(steps.map(({ ref }, k) => `${ref.segmentId}\u0000${locales[k]}`));
  const isTouched = (t: Translation) => touched.has(`${t.segmentId}\u0000${t.locale}`);
  const { checker } = deps;
  const touchedLocales = [...new Set(locales)];
  // Which touched locales were ready to publish before this write, to announce the ones it makes ready.
  let readyBefore = new Set<Locale>();
  const stored = await deps.store.update(slug, async (original) => {
    const now = nowIso(deps);
    readyBefore = deps.notifier ? readyLocales(original, touchedLocales) : readyBefore;
    found.length = 0;
    changedSteps.clear();
    if (!original) throw new NotFoundError(`review: no article "${slug}"; import it first`);
    // Results missing or run on another text or source (a crash between two writes, a source change) are run again
    // first, so no plan decides on them; decisions about checks (approval, dismissal) also see today's glossary
    // and confidential names.
    const record = checker ? await checker.withChecks(original, isTouched, recheck) : original;
    const history: HistoryEntry[] = [];
    const round = (base: ArticleRecord, plans: readonly Plan[]) => {
      let translations = [...base.translations];
      found.length = 0;
      steps.forEach(({ ref }, k) => {
        const { segment, translation, index } = locate({ ...base, translations }, slug, ref.segmentId, locales[k]!, now);
        let next = translation;
        for (const action of plans[k]!(translation, segment)) {
          const step = applyAction(next, action, ref.actor, now);
          next = step.translation;
          history.push(step.history);
        }
        found.push({ segment, translation: next });
        if (next === translation) return;
        changedSteps.add(k);
        translations = index === -1 ? [...translations, next] : translations.map((t, i) => (i === index ? next : t));
      });
      return { ...base, translations } as ArticleRecord;
    };
    let changed: ArticleRecord = round(
      record,
      steps.map((s) => s.plan),
    );
    let checked = recheck.force;
    if (steps.some((s) => s.afterChecks)) {
      // The second round decides on the checks of the text the first round wrote.
      if (history.length > 0 && checker) {
        changed = await checker.withChecks(changed, isTouched, { force: true });
        checked = true;
      }
      changed = round(
        changed,
        steps.map((s) => s.afterChecks ?? (() => [])),
      );
    }
    if (history.length === 0) return record === original ? null : record;
    changed = { ...changed, history: [...record.history, ...history] };
    // A changed row is stored with its check results, in this one write (run again unless they just were).
    return checker ? checker.withChecks(changed, isTouched, { force: !checked }) : changed;
  });
  if (found.length !== steps.length || !stored) throw new NotFoundError(`review: no article "${slug}"; import it first`);
  const events = found.map(({ segment, translation }, k) => {
    const after = stored.translations.find((t) => t.segmentId === translation.segmentId && t.locale === translation.locale);
    return { slug, segment, translation: after ?? translation, actor: steps[k]!.ref.actor, record: stored };
  });
  onStored?.(events.filter((_, k) => changedSteps.has(k)));
  if (changedSteps.size > 0) announceReady(deps, readyBefore, stored, touchedLocales, steps[0]!.ref.actor.name);
  return events;
}
