import { randomUUID } from 'node:crypto';
import type {
  ConfidentialTermRecord,
  GlossaryRecord,
  MtAuditEntry,
  MtJob,
  MtLedger,
  MtPause,
  MtQueueCounts,
  MtQueueItem,
  MtQueueStore,
  MtSettingsStore,
  MtStore,
  NewMtQueueItem,
  RemoteGlossaryRecord,
} from '../../core/ports/mt-store.ts';

/** A change to the queue; the file store appends these to a journal and replays them at start-up. */
export type QueueEvent =
  | { readonly e: 'job'; readonly job: MtJob }
  | { readonly e: 'add'; readonly items: readonly MtQueueItem[] }
  | { readonly e: 'claim'; readonly ids: readonly string[] }
  | { readonly e: 'done'; readonly ids: readonly string[] }
  | { readonly e: 'fail'; readonly ids: readonly string[]; readonly error: string }
  | { readonly e: 'release'; readonly ids: readonly string[]; readonly attempt?: boolean }
  | { readonly e: 'retry'; readonly ids: readonly string[] }
  | { readonly e: 'stats'; readonly done: Readonly<Record<string, number>> };

// A forced re-run has its own key: an ordinary item already waiting for the segment must not swallow it.
const keyOf = (i: { slug: string; segmentId: string; locale: string; hash: string; force?: boolean }) =>
  `${i.slug}\u0000${i.segmentId}\u0000${i.locale}\u0000${i.hash}${i.force ? '\u0000force' : ''}`;

/** The queue's state, rebuilt from events; shared by the memory and file stores. */
export class QueueState {
  readonly jobs = new Map<string, MtJob>();
  readonly items = new Map<string, MtQueueItem>();
  readonly done = new Map<string, number>();
  readonly #live = new Map<string, string>();

  apply(event: QueueEvent): void {
    switch (event.e) {
      case 'job':
        this.jobs.set(event.job.id, event.job);
        break;
      case 'add':
        for (const item of event.items) {
          this.items.set(item.id, item);
          if (item.state === 'queued' || item.state === 'in-flight') this.#live.set(keyOf(item), item.id);
        }
        break;
      case 'claim':
        this.#set(event.ids, (i) => (i.state === 'queued' ? { ...i, state: 'in-flight' } : i));
        break;
      case 'release':
        this.#set(event.ids, (i) =>
          i.state === 'in-flight' ? { ...i, state: 'queued', attempts: i.attempts + (event.attempt ? 1 : 0) } : i,
        );
        break;
      case 'retry':
        this.#set(event.ids, (i) => {
          if (i.state !== 'failed') return i;
          const { error: _error, ...rest } = i;
          return { ...rest, state: 'queued', attempts: 0 };
        });
        break;
      case 'fail':
        this.#set(event.ids, (i) => (i.state === 'in-flight' ? { ...i, state: 'failed', attempts: i.attempts + 1, error: event.error } : i));
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
    }
  }

  #set(ids: readonly string[], change: (item: MtQueueItem) => MtQueueItem): void {
    for (const id of ids) {
      const item = this.items.get(id);
      if (!item) continue;
      const next = change(item);
      this.items.set(id, next);
      if (next.state === 'queued' || next.state === 'in-flight') this.#live.set(keyOf(next), id);
      else if (this.#live.get(keyOf(next)) === id) this.#live.delete(keyOf(next));
    }
  }

  isLive(item: NewMtQueueItem): boolean {
    return this.#live.has(keyOf(item));
  }

  /** Events that rebuild the current state (for compaction). */
  snapshot(): QueueEvent[] {
    return [
      ...[...this.jobs.values()].map((job): QueueEvent => ({ e: 'job', job })),
      { e: 'stats', done: Object.fromEntries(this.done) },
      { e: 'add', items: [...this.items.values()] },
    ];
  }
}

/** The queue over a `QueueState`; `persist` makes each event durable before the state changes. */
export class EventQueueStore implements MtQueueStore {
  readonly #state = new QueueState();
  readonly #persist: (events: readonly QueueEvent[]) => Promise<void>;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(persist: (events: readonly QueueEvent[]) => Promise<void>, replay: readonly QueueEvent[] = []) {
    this.#persist = persist;
    for (const event of replay) this.#state.apply(event);
  }

  get state(): QueueState {
    return this.#state;
  }

  /** Run `build` against the current state and commit its events, one change at a time. */
  #commit<R>(build: (state: QueueState) => { events: QueueEvent[]; result: R }): Promise<R> {
    const run = this.#chain.then(async () => {
      const { events, result } = build(this.#state);
      if (events.length > 0) {
        await this.#persist(events);
        for (const event of events) this.#state.apply(event);
      }
      return result;
    });
    this.#chain = run.catch(() => undefined);
    return run;
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
      const events: QueueEvent[] = [{ e: 'job', job }];
      if (items.length > 0) events.push({ e: 'add', items });
      return { events, result: { job, added: items.length, skipped: newItems.length - items.length } };
    });
  }

  claim(limit: number): Promise<MtQueueItem[]> {
    return this.#commit((state) => {
      const picked: MtQueueItem[] = [];
      for (const item of state.items.values()) {
        if (picked.length >= limit) break;
        if (item.state === 'queued') picked.push({ ...item, state: 'in-flight' });
      }
      return { events: picked.length ? [{ e: 'claim', ids: picked.map((i) => i.id) }] : [], result: picked };
    });
  }

  complete(ids: readonly string[]): Promise<void> {
    return this.#commit(() => ({ events: ids.length ? [{ e: 'done', ids }] : [], result: undefined }));
  }

  fail(ids: readonly string[], error: string): Promise<void> {
    return this.#commit(() => ({ events: ids.length ? [{ e: 'fail', ids, error: error.slice(0, 500) }] : [], result: undefined }));
  }

  release(ids: readonly string[], attempt = false): Promise<void> {
    return this.#commit(() => ({ events: ids.length ? [{ e: 'release', ids, attempt }] : [], result: undefined }));
  }

  retryFailed(jobId?: string): Promise<number> {
    return this.#commit((state) => {
      const ids = [...state.items.values()].filter((i) => i.state === 'failed' && (!jobId || i.jobId === jobId)).map((i) => i.id);
      return { events: ids.length ? [{ e: 'retry', ids }] : [], result: ids.length };
    });
  }

  recover(): Promise<number> {
    return this.#commit((state) => {
      const ids = [...state.items.values()].filter((i) => i.state === 'in-flight').map((i) => i.id);
      return { events: ids.length ? [{ e: 'release', ids }] : [], result: ids.length };
    });
  }

  async items(jobId?: string): Promise<MtQueueItem[]> {
    await this.#chain;
    return [...this.#state.items.values()].filter((i) => !jobId || i.jobId === jobId);
  }

  async counts(jobId?: string): Promise<MtQueueCounts> {
    await this.#chain;
    let queued = 0;
    let inFlight = 0;
    let failed = 0;
    for (const i of this.#state.items.values()) {
      if (jobId && i.jobId !== jobId) continue;
      if (i.state === 'queued') queued++;
      else if (i.state === 'in-flight') inFlight++;
      else if (i.state === 'failed') failed++;
    }
    const done = jobId ? (this.#state.done.get(jobId) ?? 0) : [...this.#state.done.values()].reduce((a, b) => a + b, 0);
    return { queued, inFlight, done, failed };
  }

  async jobs(): Promise<MtJob[]> {
    await this.#chain;
    return [...this.#state.jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}

interface SettingsData {
  glossaries: Record<string, GlossaryRecord>;
  remoteGlossaries: Record<string, RemoteGlossaryRecord>;
  confidential: { global: ConfidentialTermRecord[]; articles: Record<string, ConfidentialTermRecord[]> };
  pauses: Record<string, MtPause>;
}

export const emptySettings = (): SettingsData => ({
  glossaries: {},
  remoteGlossaries: {},
  confidential: { global: [], articles: {} },
  pauses: {},
});

/** Settings over any read-modify-write document (memory here, a durable JSON document in the file store). */
export class DocumentSettingsStore implements MtSettingsStore {
  readonly #read: () => SettingsData;
  readonly #update: <R>(change: (data: SettingsData) => R) => Promise<R>;

  constructor(read: () => SettingsData, update: <R>(change: (data: SettingsData) => R) => Promise<R>) {
    this.#read = read;
    this.#update = update;
  }

  async glossaries(): Promise<GlossaryRecord[]> {
    return structuredClone(Object.values(this.#read().glossaries));
  }

  async glossary(sourceLocale: string, targetLocale: string): Promise<GlossaryRecord | null> {
    const found = this.#read().glossaries[`${sourceLocale}>${targetLocale}`];
    return found ? structuredClone(found) : null;
  }

  async putGlossary(record: GlossaryRecord): Promise<void> {
    await this.#update((data) => {
      const key = `${record.sourceLocale}>${record.targetLocale}`;
      if (Object.keys(record.entries).length === 0) delete data.glossaries[key];
      else data.glossaries[key] = structuredClone(record);
    });
  }

  async remoteGlossary(provider: string, sourceLocale: string, targetLocale: string): Promise<RemoteGlossaryRecord | null> {
    return this.#read().remoteGlossaries[`${provider}:${sourceLocale}>${targetLocale}`] ?? null;
  }

  async putRemoteGlossary(record: RemoteGlossaryRecord): Promise<void> {
    await this.#update((data) => {
      data.remoteGlossaries[`${record.provider}:${record.sourceLocale}>${record.targetLocale}`] = { ...record };
    });
  }

  async confidentialTerms(slug: string | null): Promise<ConfidentialTermRecord[]> {
    const c = this.#read().confidential;
    return structuredClone(slug === null ? c.global : (c.articles[slug] ?? []));
  }

  async putConfidentialTerm(slug: string | null, term: ConfidentialTermRecord): Promise<void> {
    await this.#update((data) => {
      const list = slug === null ? data.confidential.global : (data.confidential.articles[slug] ??= []);
      const at = list.findIndex((t) => t.term === term.term);
      if (at >= 0) list[at] = { ...term };
      else list.push({ ...term });
    });
  }

  removeConfidentialTerm(slug: string | null, term: string): Promise<boolean> {
    return this.#update((data) => {
      const list = slug === null ? data.confidential.global : data.confidential.articles[slug];
      const at = list?.findIndex((t) => t.term === term) ?? -1;
      if (!list || at < 0) return false;
      list.splice(at, 1);
      return true;
    });
  }

  async pause(provider: string): Promise<MtPause | null> {
    return this.#read().pauses[provider] ?? null;
  }

  async setPause(provider: string, pause: MtPause | null): Promise<void> {
    await this.#update((data) => {
      if (pause) data.pauses[provider] = { ...pause };
      else delete data.pauses[provider];
    });
  }
}

class MemoryLedger implements MtLedger {
  readonly #entries: MtAuditEntry[] = [];

  async append(entry: MtAuditEntry): Promise<void> {
    this.#entries.push(structuredClone(entry));
  }

  async entries(since?: string): Promise<MtAuditEntry[]> {
    return structuredClone(since ? this.#entries.filter((e) => e.at >= since) : this.#entries);
  }
}

/** The MT store for unit tests: same contract as the file store, nothing on disk. */
export class MemoryMtStore implements MtStore {
  readonly queue = new EventQueueStore(async () => undefined);
  readonly ledger: MtLedger = new MemoryLedger();
  readonly settings: MtSettingsStore;

  constructor() {
    let data = emptySettings();
    let chain: Promise<unknown> = Promise.resolve();
    this.settings = new DocumentSettingsStore(
      () => data,
      <R>(change: (d: SettingsData) => R) => {
        const run = chain.then(() => {
          const copy = structuredClone(data);
          const result = change(copy);
          data = copy;
          return result;
        });
        chain = run.catch(() => undefined);
        return run;
      },
    );
  }

  async close(): Promise<void> {}
}
