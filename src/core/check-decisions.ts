import type { CheckDecision, Translation } from './model.ts';
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

/**
 * Whether the stored check results of `translation` were run on its current text and the source with hash
 * `sourceHash` (`Translation.checkedFor`). Results that are missing, or were run on another text or source, mean the
 * translation is not checked: approval recomputes them first, and the review page says so.
 */
export function checksCurrent(translation: Pick<Translation, 'text' | 'checkedFor'>, sourceHash: string): boolean {
  return translation.checkedFor !== undefined && decisionHolds(translation.checkedFor, translation.text, sourceHash);
}
