import { LimitError } from './errors.ts';
import { LIMITS } from './limits.ts';
import type { ExtractedSegment } from './model.ts';
import { plainText } from './segment-text.ts';

/** Throws LimitError `segments` when an article would have more than LIMITS.segments segments. */
export function checkSegmentCount(count: number, file: string): void {
  if (count > LIMITS.segments) {
    throw new LimitError(
      'segments',
      `import: ${file} has ${count} segments; an article may have at most ${LIMITS.segments}; split it into several articles`,
      { file, actual: count },
    );
  }
}

/**
 * Throws LimitError `segmentChars` when `text` (plain, without inline tags) has more than LIMITS.segmentChars code
 * points; `index` is the segment's 0-based position in reading order, shown 1-based as on the review page.
 */
export function checkSegmentLength(text: string, index: number, file: string): void {
  // Code points, counted without building an array: a long text is counted only up to the limit.
  let count = 0;
  for (const _ of text) if (++count > LIMITS.segmentChars) break;
  if (count > LIMITS.segmentChars) {
    const length = [...text].length;
    throw new LimitError(
      'segmentChars',
      `import: ${file} segment ${index + 1} has ${length} characters; a segment may have at most ${LIMITS.segmentChars}; split the paragraph`,
      { file, actual: length },
    );
  }
}

/** Both checks on a parsed article's segments (tagged sources), before anything is stored. */
export function checkSegmentLimits(segments: readonly ExtractedSegment[], file: string): void {
  checkSegmentCount(segments.length, file);
  segments.forEach((segment, i) => {
    // Tagged text is never shorter than its plain text, so most segments are passed without stripping their tags.
    if (segment.source.length > LIMITS.segmentChars) checkSegmentLength(plainText(segment.source), i, file);
  });
}
