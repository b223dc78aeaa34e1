import type { SegmentChangedEvent } from '../core/ports/change-feed.ts';
import type { Translation } from '../core/model.ts';

/** The `segment-changed` announcement of a translation of article `slug` as stored. */
export function segmentChanged(slug: string, t: Translation): SegmentChangedEvent {
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
