import { ConflictError } from '../core/errors.ts';
import type { Locale } from '../core/locale.ts';
import type { ArticleRecord } from '../core/model.ts';
import type { AppDeps } from './deps.ts';
import { requireService } from './guards.ts';
import { MEMORY_LIMIT } from './routes/review-extras.ts';
import { segmentOf } from './routes/review-page.ts';

/**
 * Which offered text a person accepts into a draft: the late machine draft (`suggestion`), or a memory match, by its
 * place in the list the review page shows (`index`, 0-based, of MEMORY_LIMIT) or by its entry id (what the API's
 * memory look-ups return).
 */
export type TextChoice =
  | { readonly source: 'suggestion' }
  | { readonly source: 'memory'; readonly index: number }
  | { readonly source: 'memory'; readonly entryId: string };

/** Matches looked through for an entry id: as many as the API's memory look-up returns at most. */
const ENTRY_LOOKUP_LIMIT = 20;

/**
 * The text `choice` offers for segment `segmentId` in `locale`, as the review page and the API both accept it (then
 * saved through ReviewService.saveTranslation like a typed text). A memory match is looked up again for the segment's
 * source, so its tags are numbered as this source's. Throws NotFoundError for an unknown segment, ConflictError when
 * the suggestion or the match is gone (taken, deleted, the source changed): reload and choose again.
 */
export async function acceptedText(
  deps: AppDeps,
  record: ArticleRecord,
  segmentId: string,
  locale: Locale,
  choice: TextChoice,
): Promise<string> {
  const { segment, translation } = segmentOf(record, segmentId, locale);
  if (choice.source === 'suggestion') {
    const text = translation.suggestion?.text;
    if (text === undefined) throw new ConflictError(`review: ${segmentId} has no suggestion any more; reload the page`);
    return text;
  }
  const memory = requireService(deps.memory, 'translation memory');
  const byIndex = 'index' in choice;
  const matches = await memory.lookup(segment.source, {
    sourceLocale: record.article.sourceLocale,
    targetLocale: locale,
    limit: byIndex ? MEMORY_LIMIT : ENTRY_LOOKUP_LIMIT,
  });
  const text = byIndex ? matches[choice.index]?.text : matches.find((m) => m.entry.id === choice.entryId)?.text;
  if (text === undefined) {
    const which = byIndex ? `match ${choice.index + 1}` : `entry ${choice.entryId}`;
    throw new ConflictError(`review: memory ${which} for ${segmentId} is gone; reload the page`);
  }
  return text;
}
