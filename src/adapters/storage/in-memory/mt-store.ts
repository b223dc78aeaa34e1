import { Mutex } from 'async-mutex';
import type {
  MtAnswerStore,
  MtAuditEntry,
  MtCachedDraft,
  MtDraftCache,
  MtLedger,
  MtSettingsStore,
  MtStore,
  MtWorkerPresence,
} from '../../../core/ports/mt-store.ts';
import { EventSourcedMtQueue } from '../event-sourced-mt-queue.ts';
import { InProcessMtAnswers } from '../in-process-mt-answers.ts';
import { InProcessWorkerPresence } from '../in-process-worker-presence.ts';
import { emptyMtSettings, MtSettingsDocument, type MtSettingsData } from '../mt-settings-document.ts';

class InMemoryLedger implements MtLedger {
  readonly #entries: MtAuditEntry[] = [];

  async append(entry: MtAuditEntry): Promise<void> {
    this.#entries.push(structuredClone(entry));
  }

  async entries(since?: string): Promise<MtAuditEntry[]> {
    return structuredClone(since ? this.#entries.filter((e) => e.at >= since) : this.#entries);
  }
}

class InMemoryDraftCache implements MtDraftCache {
  readonly #drafts = new Map<string, MtCachedDraft>();

  async get(key: string): Promise<MtCachedDraft | null> {
    const found = this.#drafts.get(key);
    return found ? { ...found } : null;
  }

  async put(drafts: readonly MtCachedDraft[]): Promise<void> {
    for (const d of drafts) this.#drafts.set(d.key, { ...d });
  }

  async prune(before: string): Promise<number> {
    let n = 0;
    for (const [key, d] of this.#drafts) {
      if (d.at < before) {
        this.#drafts.delete(key);
        n++;
      }
    }
    return n;
  }
}

/** The MT queue, ledger, settings, draft cache and answers for tests: same contract as the lowdb MT store, nothing on disk. */
export class InMemoryMtStore implements MtStore {
  readonly queue = new EventSourcedMtQueue(async () => undefined);
  readonly ledger: MtLedger = new InMemoryLedger();
  readonly drafts: MtDraftCache = new InMemoryDraftCache();
  readonly answers: MtAnswerStore = new InProcessMtAnswers();
  readonly workers: MtWorkerPresence = new InProcessWorkerPresence();
  readonly settings: MtSettingsStore;

  constructor() {
    let data = emptyMtSettings();
    const lock = new Mutex();
    // A change works on a copy, so one that throws halfway leaves the settings as they were (like a failed write).
    this.settings = new MtSettingsDocument(
      () => data,
      <R>(change: (d: MtSettingsData) => R) =>
        lock.runExclusive(() => {
          const copy = structuredClone(data);
          const result = change(copy);
          data = copy;
          return result;
        }),
    );
  }

  async close(): Promise<void> {}
}
