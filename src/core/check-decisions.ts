import type { CheckDecision, CheckResult, Segment, Translation } from './model.ts';
import { contentHash } from './text.ts';

/**
 * What a dismissal or an override is tied to: the exact translation text and the segment's source (`Segment.hash`).
 * A decision is about one text read against one source; a change to either voids it (Weblate's per-unit ignore).
 */
export function decisionBasis(text: string, sourceHash: string): Pick<CheckDecision, 'textHash' | 'sourceHash'> {
  return { textHash: contentHash(text), sourceHash };
}

/** Whether `decision` still holds for the translation text `text` of a segment whose source hash is `sourceHash`. */
export function decisionHolds(decision: Pick<CheckDecision, 'textHash' | 'sourceHash'>, text: string, sourceHash: string): boolean {
  return decision.sourceHash === sourceHash && decision.textHash === contentHash(text);
}

// What people decided about results: dismissed warnings and errors overridden at approval.

export const CHECK_STATUSES = ['open', 'dismissed', 'overridden'] as const;
/** `open` counts; `dismissed` (a warning, "not a problem here") and `overridden` (an error, at approval) are resolved. */
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface CheckResultWithStatus extends CheckResult {
  readonly status: CheckStatus;
  /** Who dismissed or overrode the result, why, and when (ISO 8601 UTC); absent while it is open. */
  readonly decision?: { readonly by: string; readonly reason: string; readonly at: string };
}

/** Results by status: `errors` and `warnings` count only open ones (what blocks approval, `tandem check` and publishing). */
export interface CheckStatusCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly dismissed: number;
  readonly overridden: number;
}

/**
 * Each result of `translation` (a translation of `segment`) with its status: `dismissed` when it is a warning with a
 * dismissal, `overridden` when it is an error an approval overrode, `open` otherwise. A dismissal or override counts
 * only while the translation's text and the segment's source are the ones it was made on (core/check-decisions.ts),
 * so a changed text or source reopens everything. `results` defaults to the stored ones; pass fresh results to judge
 * them by the same decisions (`tandem check`, publishing). The one place that decides what is resolved.
 */
export function checkStatuses(
  translation: Translation,
  segment: Pick<Segment, 'hash'>,
  results: readonly CheckResult[] = translation.checks ?? [],
): CheckResultWithStatus[] {
  const holds = (d: Parameters<typeof decisionHolds>[0]) => decisionHolds(d, translation.text, segment.hash);
  const override = translation.checkOverride && holds(translation.checkOverride) ? translation.checkOverride : null;
  const dismissals = (translation.dismissals ?? []).filter(holds);
  return results.map((result) => {
    const decision =
      result.severity === 'warning'
        ? dismissals.find((d) => d.checkId === result.checkId)
        : override?.checkIds.includes(result.checkId)
          ? override
          : undefined;
    if (!decision) return { ...result, status: 'open' };
    return {
      ...result,
      status: result.severity === 'warning' ? 'dismissed' : 'overridden',
      decision: { by: decision.by, reason: decision.reason, at: decision.at },
    };
  });
}

/** How many results are open errors, open warnings, dismissed and overridden. */
export function countStatuses(results: readonly CheckResultWithStatus[]): CheckStatusCounts {
  const count = (keep: (r: CheckResultWithStatus) => boolean) => results.filter(keep).length;
  return {
    errors: count((r) => r.status === 'open' && r.severity === 'error'),
    warnings: count((r) => r.status === 'open' && r.severity === 'warning'),
    dismissed: count((r) => r.status === 'dismissed'),
    overridden: count((r) => r.status === 'overridden'),
  };
}

/**
 * Whether the stored check results of `translation` were run on its current text and the source with hash
 * `sourceHash` (`Translation.checkedFor`). Results that are missing, or were run on another text or source, mean the
 * translation is not checked: approval recomputes them first, and the review page says so.
 */
export function checksCurrent(translation: Pick<Translation, 'text' | 'checkedFor'>, sourceHash: string): boolean {
  return translation.checkedFor !== undefined && decisionHolds(translation.checkedFor, translation.text, sourceHash);
}
