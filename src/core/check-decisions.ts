import type { CheckDecision } from './model.ts';
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
