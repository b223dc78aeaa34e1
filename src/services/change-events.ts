import type { SegmentChangedEvent } from '../core/ports/change-feed.ts';
import type { TranslationEvent } from './types.ts';

/** The `segment-changed` announcement of a stored translation change. */
export function segmentChanged({ slug, translation: t }: TranslationEvent): SegmentChangedEvent {
  return {
    type: 'segment-changed',
    slug,
    locale: t.locale,
    segmentId: t.segmentId,
    state: t.state,
    revision: t.revision,
    text: t.text,
    by: t.updatedBy ?? '',
    at: t.updatedAt,
  };
}
