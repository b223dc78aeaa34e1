import { describe, expect, it } from 'vitest';
import { alignSegments, similarity } from '../../src/core/alignment.ts';
import type { ExtractedSegment, Segment, SegmentKind } from '../../src/core/model.ts';

const NOW = '2026-03-02T00:00:00.000Z';

function ex(source: string, kind: SegmentKind = 'paragraph'): ExtractedSegment {
  return { kind, source, tags: {} };
}

function ids(): () => string {
  let n = 0;
  return () => `s-new${++n}`;
}

/** First import: every segment is new. */
function firstImport(sources: readonly (string | ExtractedSegment)[]): Segment[] {
  const extracted = sources.map((s) => (typeof s === 'string' ? ex(s) : s));
  let n = 0;
  return alignSegments([], extracted, { revision: 1, now: NOW, newId: () => `s-${++n}` }).segments;
}

const P1 = '북한 장마당에서 쌀값이 한 달 새 20% 올랐다.';
const P2 = '평양의 환율은 달러당 8천 원 선에서 거래됐다.';
const P3 = '탈북민 단체는 국경 경비가 강화됐다고 전했다.';
const P4 = '통일부는 이번 주 대북 정책 방향을 발표할 예정이다.';
const NEW = '조선중앙통신은 새 미사일 시험 발사 소식을 보도했다.';

function live(segments: readonly Segment[]): Segment[] {
  return segments.filter((s) => !s.removedAt);
}

describe('alignSegments', () => {
  it('when importing for the first time, then every segment is added in order with revision 1', () => {
    const result = alignSegments([], [ex(P1), ex(P2)], { revision: 1, now: NOW, newId: ids() });
    expect(result.counts).toEqual({ unchanged: 0, changed: 0, added: 2, removed: 0 });
    expect(result.segments.map((s) => [s.id, s.order, s.sourceRevision])).toEqual([
      ['s-new1', 0, 1],
      ['s-new2', 1, 1],
    ]);
  });

  it('when the document is the same, then every segment keeps its id and nothing is counted as changed', () => {
    const old = firstImport([P1, P2, P3]);
    const result = alignSegments(old, [ex(P1), ex(P2), ex(P3)], { revision: 2, now: NOW, newId: ids() });
    expect(result.counts).toEqual({ unchanged: 3, changed: 0, added: 0, removed: 0 });
    expect(result.segments).toEqual(old);
  });

  it('when a paragraph is inserted, then the others keep their ids and the new one gets a new id', () => {
    const old = firstImport([P1, P2, P3]);
    const result = alignSegments(old, [ex(P1), ex(NEW), ex(P2), ex(P3)], { revision: 2, now: NOW, newId: ids() });
    expect(result.counts).toEqual({ unchanged: 3, changed: 0, added: 1, removed: 0 });
    expect(result.segments.map((s) => s.id)).toEqual(['s-1', 's-new1', 's-2', 's-3']);
    expect(result.segments.map((s) => s.order)).toEqual([0, 1, 2, 3]);
    expect(result.segments[1]!.sourceRevision).toBe(2);
  });

  it('when a paragraph is deleted, then it gets removedAt and stays in the list after the live ones', () => {
    const old = firstImport([P1, P2, P3]);
    const result = alignSegments(old, [ex(P1), ex(P3)], { revision: 2, now: NOW, newId: ids() });
    expect(result.counts).toEqual({ unchanged: 2, changed: 0, added: 0, removed: 1 });
    expect(live(result.segments).map((s) => s.id)).toEqual(['s-1', 's-3']);
    expect(result.segments.at(-1)).toMatchObject({ id: 's-2', source: P2, removedAt: NOW });
    expect(result.removedIds).toEqual(['s-2']);
  });

  it('when paragraphs move, then they keep their ids in the new order', () => {
    const old = firstImport([P1, P2, P3, P4]);
    const result = alignSegments(old, [ex(P3), ex(P1), ex(P4), ex(P2)], { revision: 2, now: NOW, newId: ids() });
    expect(result.counts).toEqual({ unchanged: 4, changed: 0, added: 0, removed: 0 });
    expect(result.segments.map((s) => [s.id, s.order])).toEqual([
      ['s-3', 0],
      ['s-1', 1],
      ['s-4', 2],
      ['s-2', 3],
    ]);
  });

  it('when a paragraph is edited, then it keeps its id, takes the new source and remembers the old one', () => {
    const old = firstImport([P1, P2, P3]);
    const edited = '평양의 환율은 달러당 8천5백 원 선에서 거래됐다.';
    const result = alignSegments(old, [ex(P1), ex(edited), ex(P3)], { revision: 2, now: NOW, newId: ids() });
    expect(result.counts).toEqual({ unchanged: 2, changed: 1, added: 0, removed: 0 });
    expect(result.changed).toEqual([{ id: 's-2', previousSource: P2, source: edited }]);
    expect(result.segments[1]).toMatchObject({
      id: 's-2',
      source: edited,
      sourceRevision: 2,
      previousSources: [{ revision: 1, source: P2 }],
    });
  });

  it('when an edited paragraph also moved, then it is still recognised as the same paragraph', () => {
    const old = firstImport([P1, P2, P3, P4]);
    const edited = '탈북민 단체는 최근 국경 경비가 크게 강화됐다고 전했다.';
    const result = alignSegments(old, [ex(edited), ex(P1), ex(P2), ex(P4)], { revision: 2, now: NOW, newId: ids() });
    expect(result.changed.map((c) => c.id)).toEqual(['s-3']);
    expect(result.counts).toEqual({ unchanged: 3, changed: 1, added: 0, removed: 0 });
  });

  it('when a paragraph is replaced by a completely different one, then it is removed and the new one added', () => {
    const old = firstImport([P1, P2, P3]);
    const result = alignSegments(old, [ex(P1), ex(NEW), ex(P3)], { revision: 2, now: NOW, newId: ids() });
    expect(result.counts).toEqual({ unchanged: 2, changed: 0, added: 1, removed: 1 });
    expect(result.removedIds).toEqual(['s-2']);
  });

  it('when an edited paragraph changes kind, then it is not paired with a paragraph of another kind', () => {
    const old = firstImport([P1, P2]);
    const asQuote = ex('평양의 환율은 달러당 8천5백 원 선에서 거래됐다.', 'quote');
    const result = alignSegments(old, [ex(P1), asQuote], { revision: 2, now: NOW, newId: ids() });
    expect(result.counts).toEqual({ unchanged: 1, changed: 0, added: 1, removed: 1 });
  });

  it('when the title is rewritten entirely, then it is still the title, edited', () => {
    const old = firstImport([ex('쌀값 급등', 'title'), P1]);
    const result = alignSegments(old, [ex('국경 봉쇄 3년째', 'title'), ex(P1)], { revision: 2, now: NOW, newId: ids() });
    expect(result.changed.map((c) => c.id)).toEqual(['s-1']);
  });

  it('when a duplicated paragraph gets a new copy at the start, then the old copies keep their places', () => {
    const dup = '(끝)';
    const old = firstImport([P1, dup, P2, dup]);
    const result = alignSegments(old, [ex(dup), ex(P1), ex(dup), ex(P2), ex(dup)], {
      revision: 2,
      now: NOW,
      newId: ids(),
    });
    expect(result.counts).toEqual({ unchanged: 4, changed: 0, added: 1, removed: 0 });
    expect(result.segments.map((s) => s.id)).toEqual(['s-new1', 's-1', 's-2', 's-3', 's-4']);
  });

  it('when one of two identical paragraphs is deleted, then the one nearest its old place survives', () => {
    const dup = '(끝)';
    const old = firstImport([dup, P1, P2, P3, dup]);
    const result = alignSegments(old, [ex(P1), ex(P2), ex(P3), ex(dup)], { revision: 2, now: NOW, newId: ids() });
    expect(result.removedIds).toEqual(['s-1']);
    expect(live(result.segments).map((s) => s.id)).toEqual(['s-2', 's-3', 's-4', 's-5']);
  });

  it('when a removed paragraph comes back with the same text, then it gets its old id back', () => {
    const old = alignSegments(firstImport([P1, P2, P3]), [ex(P1), ex(P3)], { revision: 2, now: NOW, newId: ids() }).segments;
    const result = alignSegments(old, [ex(P1), ex(P2), ex(P3)], { revision: 3, now: NOW, newId: ids() });
    expect(result.restoredIds).toEqual(['s-2']);
    expect(result.counts).toEqual({ unchanged: 2, changed: 0, added: 1, removed: 0 });
    expect(result.segments.map((s) => s.id)).toEqual(['s-1', 's-2', 's-3']);
    expect(result.segments[1]!.removedAt).toBeUndefined();
  });

  it('when the id factory returns an id in use, then another one is drawn', () => {
    const old = firstImport([P1]);
    const queue = ['s-1', 's-fresh'];
    const result = alignSegments(old, [ex(P1), ex(P2)], { revision: 2, now: NOW, newId: () => queue.shift()! });
    expect(result.addedIds).toEqual(['s-fresh']);
  });

  it('when inline tag numbers differ but the text is the same, then the segment is unchanged', () => {
    const old = firstImport(['<g1>장마당</g1> 물가']);
    const result = alignSegments(old, [ex('<g2>장마당</g2> 물가')], { revision: 2, now: NOW, newId: ids() });
    expect(result.counts.unchanged).toBe(1);
  });
});

describe('similarity', () => {
  it.each([
    [P2, '평양의 환율은 달러당 8천5백 원 선에서 거래됐다.', 0.8, 1],
    [P2, NEW, 0, 0.5],
    ['same', 'same', 1, 1],
  ])('when comparing %s with %s, then the score is in [%d, %d]', (a, b, low, high) => {
    const score = similarity(a, b);
    expect(score).toBeGreaterThanOrEqual(low);
    expect(score).toBeLessThanOrEqual(high);
  });
});
