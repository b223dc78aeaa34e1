import { randomBytes } from 'node:crypto';
import type { ExtractedSegment, Segment, SegmentKind } from './model.ts';
import { normalizeForMatchWithoutTags, sourceHash } from './text.ts';

/** Below this similarity (0–1, bigram Dice) a replaced paragraph counts as removed + added, not as an edit. */
export const EDIT_SIMILARITY_THRESHOLD = 0.5;

/** Kinds an article has at most one of: a rewritten title is still the title, however different the words. */
const SINGLETON_KINDS: readonly SegmentKind[] = ['title', 'subtitle'];

/** Above this many cells the LCS table is skipped and exact matches are paired by nearest position alone. */
const MAX_LCS_CELLS = 4_000_000;

export interface AlignmentCounts {
  readonly unchanged: number;
  readonly changed: number;
  readonly added: number;
  readonly removed: number;
}

export interface EditedSegment {
  readonly id: string;
  readonly previousSource: string;
  readonly source: string;
}

export interface AlignmentResult {
  /** Live segments in the new reading order (`order` 0…n-1), then every removed segment. */
  readonly segments: Segment[];
  readonly unchangedIds: string[];
  readonly changed: EditedSegment[];
  /** New segments, plus removed ones that came back with the same text (they keep their id and translations). */
  readonly addedIds: string[];
  readonly restoredIds: string[];
  readonly removedIds: string[];
  readonly counts: AlignmentCounts;
}

export interface AlignmentOptions {
  /** The source revision the new segments belong to. */
  readonly revision: number;
  /** ISO timestamp for `removedAt`. */
  readonly now: string;
  /** Id factory, for deterministic tests; ids that already exist are never reused. */
  readonly newId?: () => string;
  readonly threshold?: number;
}

export function newSegmentId(): string {
  return `s-${randomBytes(6).toString('hex')}`;
}

/** Similarity of two sources, 0–1: Dice coefficient over character bigrams of the tag-free, whitespace-collapsed text. */
export function similarity(a: string, b: string): number {
  const x = stripTags(a);
  const y = stripTags(b);
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < x.length - 1; i++) {
    const bigram = x.slice(i, i + 2);
    counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < y.length - 1; i++) {
    const bigram = y.slice(i, i + 2);
    const n = counts.get(bigram) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(bigram, n - 1);
    }
  }
  return (2 * shared) / (x.length - 1 + y.length - 1);
}

function stripTags(source: string): string {
  return normalizeForMatchWithoutTags(source);
}

/**
 * Align the segments of a re-imported document with the stored ones. Unchanged text keeps its identity wherever it moved
 * (an LCS over hashes keeps the document order, then moved paragraphs match by hash at the nearest position); edited
 * paragraphs keep their id and get the new source, with the old one appended to `previousSources`; paragraphs that are
 * new get fresh ids; old ones with no counterpart get `removedAt`. Removed segments whose exact text reappears come back.
 */
export function alignSegments(old: readonly Segment[], extracted: readonly ExtractedSegment[], options: AlignmentOptions): AlignmentResult {
  const threshold = options.threshold ?? EDIT_SIMILARITY_THRESHOLD;
  const live = old.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
  const removedBefore = old.filter((s) => s.removedAt);
  const incoming = extracted.map((s) => ({ ...s, hash: sourceHash(s.source) }));

  // match[j] = index into `live` of the old segment that new segment j continues, or -1.
  const match = new Array<number>(incoming.length).fill(-1);
  const oldTaken = new Array<boolean>(live.length).fill(false);
  const kind = new Array<'unchanged' | 'changed' | 'restored' | 'added'>(incoming.length).fill('added');

  // 1. Unchanged text in document order.
  for (const [i, j] of longestCommonSubsequence(
    live.map((s) => s.hash),
    incoming.map((s) => s.hash),
  )) {
    match[j] = i;
    oldTaken[i] = true;
    kind[j] = 'unchanged';
  }

  // 2. Unchanged text that moved: same hash, nearest relative position first.
  const exactCandidates: { i: number; j: number; score: number }[] = [];
  for (let j = 0; j < incoming.length; j++) {
    if (match[j] !== -1) continue;
    for (let i = 0; i < live.length; i++) {
      if (!oldTaken[i] && live[i]!.hash === incoming[j]!.hash) {
        exactCandidates.push({ i, j, score: -Math.abs(relative(i, live.length) - relative(j, incoming.length)) });
      }
    }
  }
  pairGreedily(exactCandidates, match, oldTaken, kind, 'unchanged');

  // 3. Edited text: same kind, similar enough, best similarity first, nearer position breaking ties.
  const editCandidates: { i: number; j: number; score: number }[] = [];
  for (let j = 0; j < incoming.length; j++) {
    if (match[j] !== -1) continue;
    const n = incoming[j]!;
    for (let i = 0; i < live.length; i++) {
      const o = live[i]!;
      if (oldTaken[i] || o.kind !== n.kind) continue;
      const sim = similarity(o.source, n.source);
      if (sim < threshold) continue;
      const distance = Math.abs(relative(i, live.length) - relative(j, incoming.length));
      editCandidates.push({ i, j, score: sim - distance * 0.01 });
    }
  }
  pairGreedily(editCandidates, match, oldTaken, kind, 'changed');

  for (const singleton of SINGLETON_KINDS) {
    const oldLeft = live.map((_s, i) => i).filter((i) => !oldTaken[i] && live[i]!.kind === singleton);
    const newLeft = incoming.map((_s, j) => j).filter((j) => match[j] === -1 && incoming[j]!.kind === singleton);
    if (oldLeft.length === 1 && newLeft.length === 1) {
      match[newLeft[0]!] = oldLeft[0]!;
      oldTaken[oldLeft[0]!] = true;
      kind[newLeft[0]!] = 'changed';
    }
  }

  // 4. Removed earlier, back now with the very same text.
  const restoredFrom = new Map<number, Segment>();
  const removedTaken = new Set<string>();
  for (let j = 0; j < incoming.length; j++) {
    if (match[j] !== -1) continue;
    const back = removedBefore.find((s) => !removedTaken.has(s.id) && s.hash === incoming[j]!.hash);
    if (back) {
      removedTaken.add(back.id);
      restoredFrom.set(j, back);
      kind[j] = 'restored';
    }
  }

  const usedIds = new Set(old.map((s) => s.id));
  const makeId = options.newId ?? newSegmentId;
  const freshId = (): string => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const id = makeId();
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
    throw new Error(`alignment: the segment id factory keeps returning ids already in use`);
  };

  const segments: Segment[] = [];
  const unchangedIds: string[] = [];
  const changed: EditedSegment[] = [];
  const addedIds: string[] = [];
  const restoredIds: string[] = [];
  incoming.forEach((n, j) => {
    const base = { kind: n.kind, source: n.source, tags: n.tags, hash: n.hash, order: j };
    const previous = match[j] === -1 ? restoredFrom.get(j) : live[match[j]!];
    switch (kind[j]) {
      case 'unchanged':
      case 'restored': {
        const { removedAt: _gone, ...kept } = previous!;
        segments.push({ ...kept, ...base });
        (kind[j] === 'unchanged' ? unchangedIds : restoredIds).push(kept.id);
        if (kind[j] === 'restored') addedIds.push(kept.id);
        break;
      }
      case 'changed': {
        const o = previous!;
        segments.push({
          ...o,
          ...base,
          sourceRevision: options.revision,
          previousSources: [...(o.previousSources ?? []), { revision: o.sourceRevision, source: o.source }],
        });
        changed.push({ id: o.id, previousSource: o.source, source: n.source });
        break;
      }
      default: {
        const id = freshId();
        segments.push({ id, ...base, sourceRevision: options.revision });
        addedIds.push(id);
      }
    }
  });

  const removedIds: string[] = [];
  live.forEach((o, i) => {
    if (oldTaken[i]) return;
    segments.push({ ...o, removedAt: options.now });
    removedIds.push(o.id);
  });
  for (const s of removedBefore) if (!removedTaken.has(s.id)) segments.push(s);

  return {
    segments,
    unchangedIds,
    changed,
    addedIds,
    restoredIds,
    removedIds,
    counts: { unchanged: unchangedIds.length, changed: changed.length, added: addedIds.length, removed: removedIds.length },
  };
}

function relative(index: number, length: number): number {
  return length <= 1 ? 0 : index / (length - 1);
}

function pairGreedily(
  candidates: { i: number; j: number; score: number }[],
  match: number[],
  oldTaken: boolean[],
  kind: string[],
  as: 'unchanged' | 'changed',
): void {
  candidates.sort((a, b) => b.score - a.score || a.j - b.j || a.i - b.i);
  for (const { i, j } of candidates) {
    if (oldTaken[i] || match[j] !== -1) continue;
    match[j] = i;
    oldTaken[i] = true;
    kind[j] = as;
  }
}

/** Index pairs [i, j] of one longest common subsequence of a and b, in order. */
function longestCommonSubsequence(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_LCS_CELLS) return [];
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j] ? table[(i + 1) * width + j + 1]! + 1 : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}
