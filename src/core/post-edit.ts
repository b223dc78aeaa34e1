import { similarity } from './fuzzy-index.ts';
import { normalizeText } from './text.ts';

/**
 * Post-edit effort: how much a person changed a machine draft before approving it, 0 (kept as is) to 100 (rewritten),
 * measured on characters: 100 · Levenshtein distance / length of the longer text. Characters, not words, because
 * Japanese and Chinese have no spaces and a Korean particle change is a change inside a word. Inline tags count as
 * text, so moving a link is effort too; whitespace runs count as one space.
 */
export function postEditEffort(machineDraft: string, approved: string): number {
  const squash = (text: string) => normalizeText(text).replace(/\s+/g, ' ').trim();
  return 100 - similarity(squash(machineDraft), squash(approved));
}
