import { PLACEHOLDER_TAG } from '../../core/masking.ts';
import { tagSignature } from '../../core/segment-text.ts';

const LEFTOVER_PLACEHOLDER = new RegExp(`<${PLACEHOLDER_TAG}\\b`);

/** Whether a draft has the same inline tags as its source (in any order) and no leftover masking placeholder. */
export function sameTags(source: string, draft: string): boolean {
  return tagSignature(source) === tagSignature(draft) && !LEFTOVER_PLACEHOLDER.test(draft);
}
