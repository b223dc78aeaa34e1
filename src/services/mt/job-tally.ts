import type { MtQueueItem } from '../../core/ports/mt-store.ts';
import type { KeyedUnit } from './runtime.ts';

/** What this process's drains did for one job: the figures of a drain summary that the queue's counts do not keep. */
export interface MtJobTally {
  /** Machine drafts applied (answers received, or reused from another request). */
  readonly drafts: number;
  /** Drafts taken from an approved translation of the same source (exact memory matches). */
  readonly memoryDrafts: number;
  /** Provider requests that carried at least one of the job's texts. */
  readonly requests: number;
  /** Characters sent for the job (Unicode code points; a text shared by several jobs counts for the first). */
  readonly characters: number;
}

type Mutable = { -readonly [K in keyof MtJobTally]: number };

// Kept in memory: a job is followed while someone waits for it (`tandem translate` beside a server), so only the
// latest jobs are remembered, and a restart forgets them (the queue's own counts stay).
const MAX_JOBS = 500;

/** Per-job tallies of the drains this process ran (the background worker's), newest jobs kept. */
export class JobTallies {
  readonly #jobs = new Map<string, Mutable>();
  readonly #all: Mutable = { drafts: 0, memoryDrafts: 0, requests: 0, characters: 0 };

  /** What this process's drains did for every job since it started (requests counted once each). */
  all(): MtJobTally {
    return { ...this.#all };
  }

  /** The tally of one job; zeros when this process drained none of it. */
  get(jobId: string): MtJobTally {
    return { ...(this.#jobs.get(jobId) ?? { drafts: 0, memoryDrafts: 0, requests: 0, characters: 0 }) };
  }

  /** Count drafts applied for these items (`memory`: exact memory matches). */
  drafts(items: readonly MtQueueItem[], memory = false): void {
    const field = memory ? 'memoryDrafts' : 'drafts';
    for (const item of items) this.#entry(item.jobId)[field]++;
    this.#all[field] += items.length;
  }

  /**
   * Count a batch's requests for every job it served, and its characters by text to the job of the text's first item
   * (as the audit log does). What the provider was sent beyond the texts' own length (a retried request) goes to the
   * first text's job; when less was sent (another worker answered some texts meanwhile) all of it does, so the jobs'
   * characters always add up to the drain's.
   */
  sent(units: readonly KeyedUnit[], requests: number, characters: number): void {
    const firstJob = units[0]?.[1].members[0]?.item.jobId;
    if (firstJob === undefined) return;
    this.#all.requests += requests;
    this.#all.characters += characters;
    const jobs = new Set(units.flatMap(([, u]) => u.members.map((m) => m.item.jobId)));
    for (const job of jobs) this.#entry(job).requests += requests;
    const byJob = new Map<string, number>();
    for (const [, unit] of units) {
      const job = unit.members[0]?.item.jobId;
      if (job !== undefined) byJob.set(job, (byJob.get(job) ?? 0) + [...unit.masked].length);
    }
    const counted = [...byJob.values()].reduce((a, b) => a + b, 0);
    if (characters < counted) {
      this.#entry(firstJob).characters += characters;
      return;
    }
    for (const [job, n] of byJob) this.#entry(job).characters += n;
    this.#entry(firstJob).characters += characters - counted;
  }

  #entry(jobId: string): Mutable {
    let entry = this.#jobs.get(jobId);
    if (!entry) {
      entry = { drafts: 0, memoryDrafts: 0, requests: 0, characters: 0 };
      this.#jobs.set(jobId, entry);
      if (this.#jobs.size > MAX_JOBS) this.#jobs.delete(this.#jobs.keys().next().value!);
    }
    return entry;
  }
}
