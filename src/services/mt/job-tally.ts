import type { MtJobTallyDelta, MtQueueItem, MtQueueStore } from '../../core/ports/mt-store.ts';
import type { KeyedUnit } from './runtime.ts';

export type { MtJobTally } from '../../core/ports/mt-store.ts';

type Mutable = { -readonly [K in keyof Omit<MtJobTallyDelta, 'jobId'>]: number };
const zero = (): Mutable => ({ drafts: 0, memoryDrafts: 0, requests: 0, characters: 0, firstRequests: 0 });

/**
 * What a drain did for its jobs since the last flush, added to the jobs' durable tallies by `flush` (the store keeps
 * them, so any instance reports a job another process drains: MtQueueStore.addTallies).
 */
export class JobTallies {
  #pending = new Map<string, Mutable>();

  /** Add what was counted to the jobs' tallies in the queue store; what a failed write held is counted again next time. */
  async flush(queue: Pick<MtQueueStore, 'addTallies'>): Promise<void> {
    if (this.#pending.size === 0) return;
    const taken = this.#pending;
    this.#pending = new Map();
    try {
      await queue.addTallies([...taken].map(([jobId, t]) => ({ jobId, ...t })));
    } catch (error) {
      for (const [jobId, t] of taken) {
        const entry = this.#entry(jobId);
        for (const k of Object.keys(t) as (keyof Mutable)[]) entry[k] += t[k];
      }
      throw error;
    }
  }

  /** Count drafts applied for these items (`memory`: exact memory matches). */
  drafts(items: readonly MtQueueItem[], memory = false): void {
    const field = memory ? 'memoryDrafts' : 'drafts';
    for (const item of items) this.#entry(item.jobId)[field]++;
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
    const jobs = new Set(units.flatMap(([, u]) => u.members.map((m) => m.item.jobId)));
    for (const job of jobs) this.#entry(job).requests += requests;
    this.#entry(firstJob).firstRequests += requests;
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
    let entry = this.#pending.get(jobId);
    if (!entry) {
      entry = zero();
      this.#pending.set(jobId, entry);
    }
    return entry;
  }
}
