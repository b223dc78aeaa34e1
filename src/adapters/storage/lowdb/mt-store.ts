import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Mutex } from 'async-mutex';
import type {
  MtAnswerStore,
  MtAuditEntry,
  MtCachedDraft,
  MtDraftCache,
  MtLedger,
  MtStore,
  MtWorkerPresence,
} from '../../../core/ports/mt-store.ts';
import { syncDirectory } from '../durable-json-file.ts';
import { EventSourcedMtQueue, type MtQueueEvent } from '../event-sourced-mt-queue.ts';
import { InProcessMtAnswers, type StoredMtAnswer } from '../in-process-mt-answers.ts';
import { InProcessWorkerPresence } from '../in-process-worker-presence.ts';
import { JsonDocument } from '../json-document.ts';
import { emptyMtSettings, MtSettingsDocument } from '../mt-settings-document.ts';

/**
 * An append-only JSON-lines file: each append is fsynced before it resolves, so a big queue never rewrites a big
 * file per change. A torn last line (the process died mid-write) is dropped on open.
 */
class AppendLog {
  readonly #path: string;
  #handle: FileHandle | null = null;
  readonly #lock = new Mutex();

  constructor(path: string) {
    this.#path = path;
  }

  get path(): string {
    return this.#path;
  }

  /** Parsed lines; `valid` is the byte length of the intact prefix. */
  async read<T>(): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const lines = text.split('\n');
    const out: T[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '') continue;
      try {
        out.push(JSON.parse(line) as T);
      } catch (cause) {
        const last = lines.slice(i + 1).every((l) => l === '');
        if (last) break;
        throw new Error(`mt store: ${this.#path} line ${i + 1} is not valid JSON; restore it from a backup or move it away`, { cause });
      }
    }
    return out;
  }

  async #open(): Promise<FileHandle> {
    this.#handle ??= await open(this.#path, 'a');
    return this.#handle;
  }

  append(records: readonly unknown[]): Promise<void> {
    return this.#lock.runExclusive(async () => {
      const handle = await this.#open();
      // A leading newline seals a torn line left by a crash, so the next record always starts on a fresh line.
      await handle.appendFile(`\n${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
      await handle.sync();
    });
  }

  /** Atomically replace the file with `records` (compaction). */
  async rewrite(records: readonly unknown[]): Promise<void> {
    await this.close();
    const tmp = `${this.#path}.${process.pid}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.#path);
    await syncDirectory(join(this.#path, '..'));
  }

  async close(): Promise<void> {
    await this.#lock.runExclusive(async () => {
      await this.#handle?.close();
      this.#handle = null;
    });
  }
}

class FileLedger implements MtLedger {
  readonly #log: AppendLog;

  constructor(log: AppendLog) {
    this.#log = log;
  }

  append(entry: MtAuditEntry): Promise<void> {
    return this.#log.append([entry]);
  }

  async entries(since?: string): Promise<MtAuditEntry[]> {
    const all = await this.#log.read<MtAuditEntry>();
    return since ? all.filter((e) => e.at >= since) : all;
  }
}

/** Compact the queue journal at open once it holds this many lines and mostly finished work. */
const COMPACT_LINES = 2000;

/**
 * Recent machine answers as a journal of `MtCachedDraft` lines, indexed in memory; a later line under the same key
 * wins. Rewritten by `prune` and at open once most lines are superseded.
 */
class FileDraftCache implements MtDraftCache {
  readonly #log: AppendLog;
  readonly #drafts: Map<string, MtCachedDraft>;

  private constructor(log: AppendLog, drafts: Map<string, MtCachedDraft>) {
    this.#log = log;
    this.#drafts = drafts;
  }

  static async open(log: AppendLog): Promise<FileDraftCache> {
    const lines = await log.read<MtCachedDraft>();
    const drafts = new Map(lines.map((d) => [d.key, d]));
    if (lines.length > COMPACT_LINES && drafts.size < lines.length / 2) await log.rewrite([...drafts.values()]);
    return new FileDraftCache(log, drafts);
  }

  async get(key: string): Promise<MtCachedDraft | null> {
    const found = this.#drafts.get(key);
    return found ? { ...found } : null;
  }

  async put(drafts: readonly MtCachedDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    await this.#log.append(drafts);
    for (const d of drafts) this.#drafts.set(d.key, { ...d });
  }

  async prune(before: string): Promise<number> {
    const old = [...this.#drafts.values()].filter((d) => d.at < before);
    if (old.length === 0) return 0;
    for (const d of old) this.#drafts.delete(d.key);
    await this.#log.rewrite([...this.#drafts.values()]);
    return old.length;
  }
}

/** The shared machine answers as a journal of `StoredMtAnswer` lines (a later line under a key wins), compacted at open. */
async function openAnswers(log: AppendLog): Promise<InProcessMtAnswers> {
  const lines = await log.read<StoredMtAnswer>();
  const latest = [...new Map(lines.map((a) => [a.key, a])).values()];
  if (lines.length > COMPACT_LINES && latest.length < lines.length / 2) await log.rewrite(latest);
  return new InProcessMtAnswers(latest, { append: (a) => log.append(a), rewrite: (a) => log.rewrite(a) });
}

/**
 * The embedded MT store under `<dataDir>/mt/`: `queue.jsonl` (append-only journal of queue changes, compacted at open),
 * `ledger.jsonl` (append-only audit log of outgoing requests, the source of usage figures), `drafts.jsonl` (recent
 * machine answers for re-runs), `answers.jsonl` (machine answers by text, so a text is sent once) and `settings.json`
 * (glossaries, confidential terms, pauses, re-run budget: small, rewritten on change).
 */
export class LowdbMtStore implements MtStore {
  readonly queue: EventSourcedMtQueue;
  readonly ledger: MtLedger;
  readonly settings: MtSettingsDocument;
  readonly drafts: MtDraftCache;
  readonly answers: MtAnswerStore;
  readonly workers: MtWorkerPresence = new InProcessWorkerPresence();
  readonly #logs: AppendLog[];

  private constructor(
    parts: { queue: EventSourcedMtQueue; ledger: MtLedger; settings: MtSettingsDocument; drafts: MtDraftCache; answers: MtAnswerStore },
    logs: AppendLog[],
  ) {
    this.queue = parts.queue;
    this.ledger = parts.ledger;
    this.settings = parts.settings;
    this.drafts = parts.drafts;
    this.answers = parts.answers;
    this.#logs = logs;
  }

  /** Open (creating when needed) the MT store under `<dataDir>/mt/`; compacts a long queue journal first. */
  static async open(dataDir: string): Promise<LowdbMtStore> {
    const dir = join(dataDir, 'mt');
    await mkdir(dir, { recursive: true });
    const queueLog = new AppendLog(join(dir, 'queue.jsonl'));
    const events = await queueLog.read<MtQueueEvent>();
    const queue = new EventSourcedMtQueue((batch) => queueLog.append(batch), events);
    if (events.length > COMPACT_LINES && queue.state.items.size < events.length / 4) {
      await queueLog.rewrite(queue.state.snapshot());
    }
    const ledgerLog = new AppendLog(join(dir, 'ledger.jsonl'));
    const doc = await JsonDocument.open(join(dir, 'settings.json'), emptyMtSettings());
    const settings = new MtSettingsDocument(
      () => doc.data,
      (change) => doc.update(change),
    );
    const draftLog = new AppendLog(join(dir, 'drafts.jsonl'));
    const drafts = await FileDraftCache.open(draftLog);
    const answerLog = new AppendLog(join(dir, 'answers.jsonl'));
    const answers = await openAnswers(answerLog);
    return new LowdbMtStore({ queue, ledger: new FileLedger(ledgerLog), settings, drafts, answers }, [
      queueLog,
      ledgerLog,
      draftLog,
      answerLog,
    ]);
  }

  async close(): Promise<void> {
    await this.queue.items();
    for (const log of this.#logs) await log.close();
  }
}
