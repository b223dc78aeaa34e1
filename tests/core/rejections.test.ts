import { describe, expect, it } from 'vitest';
import type { ArticleRecord, HistoryEntry, TranslationState } from '../../src/core/model.ts';
import { rejectionKey, rejectionsOf } from '../../src/core/rejections.ts';
import { makeRecord } from '../fixtures/storage/records.ts';

type Step = readonly [action: string, from: TranslationState, to: TranslationState];

function recordAfter(steps: readonly Step[], finalState: TranslationState): ArticleRecord {
  const base = makeRecord('story', { segments: 1, at: '2026-01-01T00:00:00.000Z', seed: 1 });
  const segmentId = base.segments[0]!.id;
  const history = steps.map(
    ([action, from, to], i): HistoryEntry => ({
      at: `2026-01-01T00:0${i}:00.000Z`,
      by: action === 'reject' ? 'rita' : 'tina',
      segmentId,
      locale: 'en',
      action,
      from,
      to,
      textBefore: 'a',
      textAfter: 'b',
      ...(action === 'reject' ? { comment: `note ${i}` } : {}),
    }),
  );
  const translations = base.translations.map((t) => (t.locale === 'en' && t.segmentId === segmentId ? { ...t, state: finalState } : t));
  return { ...base, translations, history };
}

describe('rejectionsOf', () => {
  it.each<[string, readonly Step[], TranslationState, string | null]>([
    [
      'rejected and not touched since',
      [
        ['submit', 'draft', 'submitted'],
        ['reject', 'submitted', 'draft'],
      ],
      'draft',
      'note 1',
    ],
    [
      'rejected, then saved as a draft',
      [
        ['reject', 'submitted', 'draft'],
        ['save', 'draft', 'draft'],
      ],
      'draft',
      'note 0',
    ],
    [
      'rejected twice: the last comment counts',
      [
        ['reject', 'submitted', 'draft'],
        ['submit', 'draft', 'submitted'],
        ['reject', 'submitted', 'draft'],
      ],
      'draft',
      'note 2',
    ],
    [
      'rejected, then submitted again',
      [
        ['reject', 'submitted', 'draft'],
        ['submit', 'draft', 'submitted'],
      ],
      'submitted',
      null,
    ],
    [
      'rejected, then its source changed',
      [
        ['reject', 'submitted', 'draft'],
        ['markStale', 'draft', 'stale'],
      ],
      'stale',
      null,
    ],
    [
      'rejected, then stale, then saved as a draft again',
      [
        ['reject', 'submitted', 'draft'],
        ['markStale', 'draft', 'stale'],
        ['save', 'stale', 'draft'],
      ],
      'draft',
      null,
    ],
    ['never rejected', [['save', 'untranslated', 'draft']], 'draft', null],
  ])('when a translation was %s, then its rejection is as expected', (_, steps, state, comment) => {
    const record = recordAfter(steps, state);
    const found = rejectionsOf(record).get(rejectionKey(record.segments[0]!.id, 'en'));
    expect(found?.comment ?? null).toBe(comment);
    if (found) expect(found.by).toBe('rita');
  });
});
