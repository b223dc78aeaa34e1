import { randomUUID } from 'node:crypto';
import { Mutex } from 'async-mutex';
import type {
  MtFailureReason,
  MtItemFailure,
  MtItemFilter,
  MtJob,
  MtJobTally,
  MtJobTallyDelta,
  MtQueueCounts,
  MtQueueItem,
  MtQueueStore,
  NewMtQueueItem,
} from '../../core/ports/mt-store.ts';

/** A change to the MT queue; a durable backend appends these to a journal and replays them at start-up. */
export type MtQueueEvent =
  | { readonly e: 'job'; readonly job: MtJob }
  | { readonly e: 'add'; readonly items: readonly MtQueueItem[] }
  | { readonly e: 'claim'; readonly ids: readonly string[] }
  | { readonly e: 'done'; readonly ids: readonly string[] }
  // `reason` is absent in journals written before reasons were kept.
  | { readonly e: 'fail'; readonly ids: readonly string[]; readonly error: string; readonly reason?: MtFailureReason }
  | {
      readonly e: 'later';
      readonly ids: readonly string[];
      readonly error: string;
      readonly reason: MtFailureReason;
      readonly retryAt: string;
    }
  | { readonly e: 'release'; readonly ids: readonly string[]; readonly attempt?: boolean }
  | { readonly e: 'retry'; readonly ids: readonly string[] }
  | { readonly e: 'stats'; readonly done: Readonly<Record<string, number>> }
  // Added to the jobs' tallies; a compaction writes each job's whole tally as one delta.
  | { readonly e: 'tally'; readonly deltas: readonly MtJobTallyDelta[] };

// A forced re-run has its own key: an ordinary item already waiting for the segment must not swallow it.
const keyOf = (i: { slug: string; segmentId: string; locale: string; hash: string; force?: boolean }) =>
  `${i.slug}\u0000${i.segmentId}\u0000${i.locale}\u0000${i.hash}${i.force ? '\u0000force' : ''}`;

type StoredTally = { -readonly [K in keyof MtJobTally | 'firstRequests']: number };
const NO_TALLY: StoredTally = { drafts: 0, memoryDrafts: 0, requests: 0, characters: 0, firstRequests: 0 };

/** Items that still wait for a draft: they keep their key, so the same text is not queued twice. */
const isLive = (i: MtQueueItem) => i.state === 'queued' || i.state === 'in-flight' || i.state === 'retrying';

const matches = (i: MtQueueItem, f: MtItemFilter) =>
  (!f.jobId || i.jobId === f.jobId) && (!f.slug || i.slug === f.slug) && (!f.locale || i.locale === f.locale);

/** The item without its failure fields (back in the queue, or claimed). */
function withoutFailure(i: MtQueueItem, keep: 'error' | 'none'): MtQueueItem {
  const { error, reason, retryAt: _retryAt, ...rest } = i;
  return keep === 'error' ? { ...rest, ...(error ? { error } : {}), ...(reason ? { reason } : {}) } : rest;
}

/** The MT queue's state, rebuilt from events; every backend's queue shares it through `EventSourcedMtQueue`. */
export class MtQueueState {
  readonly jobs = new Map<string, MtJob>();
  readonly items = new Map<string, MtQueueItem>();
  readonly done = new Map<string, number>();
  readonly tallies = new Map<string, StoredTally>();
  readonly #live = new Map<string, string>();

  /** Apply one event; events about unknown items are ignored (they finished before a compaction). */
  apply(event: MtQueueEvent): void {
    switch (event.e) {
      case 'job':
        this.jobs.set(event.job.id, event.job);
        break;
      case 'add':
        for (const item of event.items) {
          this.items.set(item.id, item);
          if (isLive(item)) this.#live.set(keyOf(item), item.id);
        }
        break;
      case 'claim':
        // A claimed retrying item keeps its last failure (shown while it is sent again), not its retry time.
        this.#set(event.ids, (i) =>
          i.state === 'queued' || i.state === 'retrying' ? { ...withoutFailure(i, 'error'), state: 'in-flight' } : i,
        );
        break;
      case 'release':
        this.#set(event.ids, (i) =>
          i.state === 'in-flight' ? { ...i, state: 'queued', attempts: i.attempts + (event.attempt ? 1 : 0) } : i,
        );
        break;
      case 'retry':
        this.#set(event.ids, (i) =>
          i.state === 'failed' || i.state === 'retrying' ? { ...withoutFailure(i, 'none'), state: 'queued', attempts: 0 } : i,
        );
        break;
      case 'fail':
        this.#set(event.ids, (i) =>
          i.state === 'in-flight'
            ? {
                ...withoutFailure(i, 'none'),
                state: 'failed',
                attempts: i.attempts + 1,
                error: event.error,
                reason: event.reason ?? 'unknown',
              }
            : i,
        );
        break;
      case 'later':
        this.#set(event.ids, (i) =>
          i.state === 'in-flight'
            ? {
                ...i,
                state: 'retrying',
                attempts: i.attempts + 1,
                error: event.error,
                reason: event.reason,
                retryAt: event.retryAt,
              }
            : i,
        );
        break;
      case 'done':
        for (const id of event.ids) {
          const item = this.items.get(id);
          if (!item) continue;
          this.items.delete(id);
          if (this.#live.get(keyOf(item)) === id) this.#live.delete(keyOf(item));
          this.done.set(item.jobId, (this.done.get(item.jobId) ?? 0) + 1);
        }
        break;
      case 'stats':
        for (const [jobId, n] of Object.entries(event.done)) this.done.set(jobId, n);
        break;
      case 'tally':
        for (const { jobId, ...delta } of event.deltas) {
          if (!this.jobs.has(jobId)) continue;
          const t = this.tallies.get(jobId) ?? NO_TALLY;
          this.tallies.set(jobId, {
            drafts: t.drafts + delta.drafts,
            memoryDrafts: t.memoryDrafts + delta.memoryDrafts,
            requests: t.requests + delta.requests,
            characters: t.characters + delta.characters,
            firstRequests: t.firstRequests + delta.firstRequests,
          });
        }
        break;
    }
  }

  #set(ids: readonly string[], change: (item: MtQueueItem) => MtQueueItem): void {
    for (const id of ids) {
      const item = this.items.get(id);
      if (!item) continue;
      const next = change(item);
      this.items.set(id, next);
      if (isLive(next)) this.#live.set(keyOf(next), id);
      else if (this.#live.get(keyOf(next)) === id) this.#live.delete(keyOf(next));
    }
  }

  /** Whether an item for the same segment, locale, hash (and force flag) is queued, in flight or retrying. */
  isLive(item: NewMtQueueItem): boolean {
    return this.#live.has(keyOf(item));
  }

  /** Events that rebuild the current state (for compaction). */
  snapshot(): MtQueueEvent[] {
    return [
      ...[...this.jobs.values()].map((job): MtQueueEvent => ({ e: 'job', job })),
      { e: 'stats', done: Object.fromEntries(this.done) },
      { e: 'tally', deltas: [...this.tallies].map(([jobId, t]) => ({ jobId, ...t })) },
      { e: 'add', items: [...this.items.values()] },
    ];
  }
}

/**
 * The MT queue as a sequence of events over an `MtQueueState`: `persist` makes each change's events durable (a journal
 * line, a database row, nothing in memory) before the state changes, and `replay` rebuilds the state at open.
 * Changes run one at a time; reads wait for the changes asked for before them.
 */
export class EventSourcedMtQueue implements MtQueueStore {
  readonly #state = new MtQueueState();
  readonly #persist: (events: readonly MtQueueEvent[]) => Promise<void>;
  readonly #lock = new Mutex();

  /** `persist` rejects when the events could not be made durable; the change then fails and the state is unchanged. */
  constructor(persist: (events: readonly MtQueueEvent[]) => Promise<void>, replay: readonly MtQueueEvent[] = []) {
    this.#persist = persist;
    for (const event of replay) this.#state.apply(event);
  }

  /** The current state, for compaction; treat it as read-only. */
  get state(): MtQueueState {
    return this.#state;
  }

  /** Run `build` against the current state and commit its events, one change at a time. */
  #commit<R>(build: (state: MtQueueState) => { events: MtQueueEvent[]; result: R }): Promise<R> {
    return this.#lock.runExclusive(async () => {
      const { events, result } = build(this.#state);
      if (events.length > 0) {
        await this.#persist(events);
        for (const event of events) this.#state.apply(event);
      }
      return result;
    });
  }

  enqueue(jobInput: Omit<MtJob, 'id' | 'createdAt' | 'total'>, newItems: readonly NewMtQueueItem[]) {
    return this.#commit((state) => {
      const now = new Date().toISOString();
      const jobId = `j-${randomUUID()}`;
      const seen = new Set<string>();
      const items: MtQueueItem[] = [];
      for (const n of newItems) {
        const key = keyOf(n);
        if (state.isLive(n) || seen.has(key)) continue;
        seen.add(key);
        items.push({ ...n, id: `q-${randomUUID()}`, jobId, state: 'queued', attempts: 0, enqueuedAt: now });
      }
      const job: MtJob = { ...jobInput, id: jobId, createdAt: now, total: items.length };
      const events: MtQueueEvent[] = [{ e: 'job', job }];
      if (items.length > 0) events.push({ e: 'add', items });
      return { events, result: { job, added: items.length, skipped: newItems.length - items.length } };
    });
  }

  claim(limit: number, now: string = new Date().toISOString()): Promise<MtQueueItem[]> {
    return this.#commit((state) => {
      const picked: MtQueueItem[] = [];
      for (const item of state.items.values()) {
        if (picked.length >= limit) break;
        const due = item.state === 'queued' || (item.state === 'retrying' && (item.retryAt ?? '') <= now);
        if (due) picked.push({ ...withoutFailure(item, 'error'), state: 'in-flight' });
      }
      return { events: picked.length ? [{ e: 'claim', ids: picked.map((i) => i.id) }] : [], result: picked };
    });
  }

  complete(ids: readonly string[]): Promise<void> {
    return this.#commit(() => ({ events: ids.length ? [{ e: 'done', ids }] : [], result: undefined }));
  }

  fail(ids: readonly string[], failure: MtItemFailure): Promise<void> {
    return this.#commit(() => ({
      events: ids.length ? [{ e: 'fail', ids, error: failure.error.slice(0, 500), reason: failure.reason }] : [],
      result: undefined,
    }));
  }

  retryLater(ids: readonly string[], failure: MtItemFailure & { readonly retryAt: string }): Promise<void> {
    const { error, reason, retryAt } = failure;
    return this.#commit(() => ({
      events: ids.length ? [{ e: 'later', ids, error: error.slice(0, 500), reason, retryAt }] : [],
      result: undefined,
    }));
  }

  release(ids: readonly string[], attempt = false): Promise<void> {
    return this.#commit(() => ({ events: ids.length ? [{ e: 'release', ids, attempt }] : [], result: undefined }));
  }

  retryFailed(filter: MtItemFilter = {}): Promise<number> {
    return this.#commit((state) => {
      const ids = [...state.items.values()]
        .filter((i) => (i.state === 'failed' || i.state === 'retrying') && matches(i, filter))
        .map((i) => i.id);
      return { events: ids.length ? [{ e: 'retry', ids }] : [], result: ids.length };
    });
  }

  recover(): Promise<number> {
    return this.#commit((state) => {
      const ids = [...state.items.values()].filter((i) => i.state === 'in-flight').map((i) => i.id);
      return { events: ids.length ? [{ e: 'release', ids }] : [], result: ids.length };
    });
  }

  items(jobId?: string): Promise<MtQueueItem[]> {
    return this.#lock.runExclusive(() => [...this.#state.items.values()].filter((i) => !jobId || i.jobId === jobId));
  }

  itemsOf(pairs: readonly { readonly slug: string; readonly locale: string }[]): Promise<MtQueueItem[]> {
    const wanted = new Set(pairs.map((p) => `${p.slug}\u0000${p.locale}`));
    return this.#lock.runExclusive(() => [...this.#state.items.values()].filter((i) => wanted.has(`${i.slug}\u0000${i.locale}`)));
  }

  counts(jobId?: string): Promise<MtQueueCounts> {
    return this.#lock.runExclusive(() => this.#counts(jobId));
  }

  jobs(): Promise<MtJob[]> {
    return this.#lock.runExclusive(() => [...this.#state.jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  }

  addTallies(deltas: readonly MtJobTallyDelta[]): Promise<void> {
    return this.#commit((state) => {
      const known = deltas.filter((d) => state.jobs.has(d.jobId));
      return { events: known.length ? [{ e: 'tally', deltas: known }] : [], result: undefined };
    });
  }

  tally(jobId?: string): Promise<MtJobTally> {
    return this.#lock.runExclusive(() => {
      if (jobId !== undefined) {
        const { firstRequests: _first, ...tally } = this.#state.tallies.get(jobId) ?? NO_TALLY;
        return tally;
      }
      const sum = { drafts: 0, memoryDrafts: 0, requests: 0, characters: 0 };
      for (const t of this.#state.tallies.values()) {
        sum.drafts += t.drafts;
        sum.memoryDrafts += t.memoryDrafts;
        sum.requests += t.firstRequests;
        sum.characters += t.characters;
      }
      return sum;
    });
  }

  #counts(jobId?: string): MtQueueCounts {
    let queued = 0;
    let inFlight = 0;
    let retrying = 0;
    let failed = 0;
    for (const i of this.#state.items.values()) {
      if (jobId && i.jobId !== jobId) continue;
      if (i.state === 'queued') queued++;
      else if (i.state === 'in-flight') inFlight++;
      else if (i.state === 'retrying') retrying++;
      else if (i.state === 'failed') failed++;
    }
    const done = jobId ? (this.#state.done.get(jobId) ?? 0) : [...this.#state.done.values()].reduce((a, b) => a + b, 0);
    return { queued, inFlight, retrying, done, failed };
  }
}
