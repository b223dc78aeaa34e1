import type { Segment, Translation } from '../core/model.ts';
import { normalizeText } from '../core/text.ts';
import type { WorkflowAction } from '../core/workflow.ts';
import { hasOpenErrors } from './checks.ts';
import type { AutoApproveInput, AutoApproveOutcome, DraftInput, DraftOutcome } from './review-inputs.ts';
import { draftPlan } from './review-rules.ts';
import type { ReviewStep } from './review-write.ts';
import type { TranslationEvent } from './types.ts';

// Machine and memory drafts arriving in the review workflow (review.ts), in their own module to keep that one short.

/**
 * ReviewService's draft batches: one `stepMany` write per article, each draft planned by `draftPlan`; `onApplied`
 * runs for every draft that became the text. Outcomes come back in the order of `inputs`.
 */
export async function applyDrafts(
  inputs: readonly DraftInput[],
  origin: 'machine' | 'memory',
  stepMany: (steps: readonly ReviewStep[]) => Promise<TranslationEvent[]>,
  onApplied: (event: TranslationEvent) => Promise<void>,
): Promise<DraftOutcome[]> {
  const outcomes: DraftOutcome[] = new Array(inputs.length);
  const bySlug = new Map<string, number[]>();
  inputs.forEach((input, i) => {
    bySlug.set(input.slug, [...(bySlug.get(input.slug) ?? []), i]);
  });
  for (const indexes of bySlug.values()) {
    const kinds: DraftOutcome['outcome'][] = [];
    const events = await stepMany(
      indexes.map((i) => {
        const input = inputs[i]!;
        return {
          ref: { ...input, actor: input.actor ?? { name: origin } },
          plan: (t: Translation, segment: Segment) => {
            const { outcome, actions } = draftPlan(input, origin, t, segment);
            kinds.push(outcome);
            return actions;
          },
        };
      }),
    );
    for (const [k, i] of indexes.entries()) {
      const event = events[k]!;
      outcomes[i] = { outcome: kinds[k]!, translation: event.translation };
      if (kinds[k] === 'applied') await onApplied(event);
    }
  }
  return outcomes;
}

/**
 * The plan of ReviewService.approveMemoryDraft: submit and approve the memory draft `input` names if it is untouched
 * and no error-level check fails; `outcome()` says, once the plan ran, which it was.
 */
export function memoryApproval(input: AutoApproveInput): {
  readonly plan: (t: Translation, segment: Segment) => WorkflowAction[];
  outcome(): AutoApproveOutcome['outcome'];
} {
  let outcome: AutoApproveOutcome['outcome'] = 'approved';
  return {
    plan: (t, segment) => {
      const untouched =
        t.state === 'draft' && t.origin === 'memory' && t.revision === input.revision && t.text === normalizeText(input.text);
      if (!untouched) {
        outcome = 'changed';
        return [];
      }
      if (hasOpenErrors(t, segment)) {
        outcome = 'checks';
        return [];
      }
      return [{ type: 'submit' }, { type: 'approve', source: segment.source, note: input.note }];
    },
    outcome: () => outcome,
  };
}
