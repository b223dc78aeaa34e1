import { contentHash } from '../../core/text.ts';

/** What a copy moves, in the order it copies them (users first: tokens and history name them). */
export const COPY_KINDS = [
  'users',
  'api-tokens',
  'articles',
  'confidential-terms',
  'publications',
  'translation-memory',
  'glossaries',
  'mt-ledger',
  'mt-settings',
  'mt-queue',
  'feed-items',
] as const;
export type CopyKind = (typeof COPY_KINDS)[number];

/** How one kind was copied. Every source record is counted once: added, updated, already present or a conflict. */
export interface KindReport {
  readonly kind: CopyKind;
  /** Records of this kind in the source. */
  readonly source: number;
  /** Written new into the target. */
  readonly added: number;
  /** Found in the target with other content and overwritten with the source's. */
  readonly updated: number;
  /** Found in the target exactly as in the source: nothing written. */
  readonly present: number;
  /** Not copied because the target holds something the source's record cannot replace; one line each. */
  readonly conflicts: readonly string[];
  /** Source records left out on purpose (e.g. failed MT items), with why. */
  readonly skipped: number;
}

/** What reading the target back found for one kind. */
export interface KindVerification {
  readonly kind: CopyKind;
  /** Records of this kind in the source. */
  readonly source: number;
  /** Source records the target holds with the same content (fingerprint). */
  readonly matching: number;
  /** Records of this kind in the target after the copy (it may hold more than the source, e.g. its own accounts). */
  readonly target: number;
  /** Source records the target lacks or holds with other content, one line each (at most 20 are kept). */
  readonly mismatches: readonly string[];
}

/** Called as a kind advances: `done` of `total` source records handled. */
export type CopyProgress = (kind: CopyKind, done: number, total: number) => void;

/** A counter for one kind's report. */
export class KindTally {
  readonly kind: CopyKind;
  source = 0;
  added = 0;
  updated = 0;
  present = 0;
  skipped = 0;
  readonly conflicts: string[] = [];

  constructor(kind: CopyKind) {
    this.kind = kind;
  }

  report(): KindReport {
    const { kind, source, added, updated, present, skipped } = this;
    return { kind, source, added, updated, present, skipped, conflicts: [...this.conflicts] };
  }
}

/** A counter for one kind's verification. */
export class VerifyTally {
  readonly kind: CopyKind;
  source = 0;
  matching = 0;
  target = 0;
  readonly mismatches: string[] = [];

  constructor(kind: CopyKind) {
    this.kind = kind;
  }

  /** Count one source record: whether the target holds it unchanged, and what to say when not. */
  check(same: boolean, what: string): void {
    this.source += 1;
    if (same) this.matching += 1;
    else if (this.mismatches.length < 20) this.mismatches.push(what);
  }

  report(): KindVerification {
    const { kind, source, matching, target } = this;
    return { kind, source, matching, target, mismatches: [...this.mismatches] };
  }
}

/**
 * SHA-256 (hex) of a value's JSON with object keys sorted and undefined fields dropped, so a record reads back with the
 * same fingerprint from any store (PostgreSQL's jsonb reorders keys; lowdb keeps them as written).
 */
export function fingerprint(value: unknown): string {
  // JSON.stringify(undefined) is undefined: a missing record has a fingerprint of its own.
  return contentHash(JSON.stringify(sortKeys(value)) ?? 'undefined');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/** Whether two records have the same content, whatever their key order. */
export function sameContent(a: unknown, b: unknown): boolean {
  return fingerprint(a) === fingerprint(b);
}
