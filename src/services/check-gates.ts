import { checkStatuses } from '../core/check-decisions.ts';
import { ValidationError } from '../core/errors.ts';
import type { ArticleRecord, CheckResult, Segment, Translation } from '../core/model.ts';
import type { PublishBlocker } from '../core/publication.ts';
import type { ArticleCheckReport } from './checks.ts';

// What open error-level check results stop: an approval without a reason, and publishing.

/** A reviewer's decision to approve despite failing error-level checks. */
export interface CheckOverride {
  readonly by: string;
  readonly reason: string;
}

/**
 * Throws a ValidationError listing the failing error-level checks unless there are none or a reviewer overrides them
 * with a reason. The review service calls this before approving; warnings never block.
 */
export function assertApprovable(results: readonly CheckResult[] | undefined, override?: CheckOverride | null): void {
  const errors = (results ?? []).filter((r) => r.severity === 'error');
  if (errors.length === 0) return;
  if (override) {
    if (override.reason.trim().length < 3) {
      throw new ValidationError('checks: an override needs a reason; say why the failing checks do not apply', ['reason']);
    }
    return;
  }
  const ids = [...new Set(errors.map((r) => r.checkId))];
  throw new ValidationError(
    `checks: approval blocked by failing checks ${ids.join(', ')}; fix the translation or override with a reason`,
    ids,
  );
}

/** Whether an error-level result stored on `translation` is open (approval then needs a reason). */
export function hasOpenErrors(translation: Translation, segment: Pick<Segment, 'hash'>): boolean {
  return checkStatuses(translation, segment).some((r) => r.status === 'open' && r.severity === 'error');
}

/** The approved segments of `report` (over `record`) with open error-level results, as publish blockers, in order. */
export function openErrorBlockers(report: ArticleCheckReport, record: ArticleRecord): PublishBlocker[] {
  const kinds = new Map(record.segments.map((s) => [s.id, s.kind]));
  return report.segments.flatMap((s) => {
    const open = s.results.filter((r) => r.status === 'open' && r.severity === 'error').map((r) => r.checkId);
    if (open.length === 0 || s.state !== 'approved') return [];
    return [{ segmentId: s.segmentId, order: s.order, kind: kinds.get(s.segmentId) ?? 'paragraph', state: s.state, openErrors: open }];
  });
}
