import type { MtAnswer, MtAnswerStore } from '../../core/ports/mt-store.ts';
import { type AnswerHolding, shareAnswers } from './share-answers.ts';

/** An answer as the embedded stores keep it: with when it was stored, for `prune`. */
export interface StoredMtAnswer extends MtAnswer {
  /** ISO 8601 UTC. */
  readonly at: string;
}

/** Where an in-process answer store writes: `append` new answers (durably, before they count), `rewrite` all of them. */
export interface MtAnswerFile {
  append(answers: readonly StoredMtAnswer[]): Promise<void>;
  rewrite(answers: readonly StoredMtAnswer[]): Promise<void>;
}

const NOWHERE: MtAnswerFile = { append: async () => undefined, rewrite: async () => undefined };

/**
 * The shared answer store of the in-memory and embedded backends, where one process owns the data (the data directory
 * is locked), so holding a key is an in-process promise the next sharer awaits. Keys are held in sorted order, so two
 * sharers of overlapping keys cannot wait for each other.
 */
export class InProcessMtAnswers implements MtAnswerStore {
  readonly #answers: Map<string, StoredMtAnswer>;
  readonly #held = new Map<string, Promise<void>>();
  readonly #file: MtAnswerFile;
  readonly #holding: AnswerHolding = {
    hold: async (keys, work) => {
      const release = await this.#hold(keys);
      try {
        return await work({ read: (k) => this.get(k), store: (answers, at) => this.#store(answers, at) });
      } finally {
        release();
      }
    },
  };

  constructor(answers: Iterable<StoredMtAnswer> = [], file: MtAnswerFile = NOWHERE) {
    this.#answers = new Map([...answers].map((a) => [a.key, a]));
    this.#file = file;
  }

  async get(keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const key of keys) {
      const found = this.#answers.get(key);
      if (found) out.set(key, found.text);
    }
    return out;
  }

  share(...args: Parameters<MtAnswerStore['share']>): Promise<Map<string, string>> {
    return shareAnswers(...args, this.#holding);
  }

  async prune(before: string): Promise<number> {
    const old = [...this.#answers.values()].filter((a) => a.at < before);
    if (old.length === 0) return 0;
    for (const a of old) this.#answers.delete(a.key);
    await this.#file.rewrite([...this.#answers.values()]);
    return old.length;
  }

  async #store(answers: readonly { readonly key: string; readonly text: string }[], at: string): Promise<void> {
    const stamped = answers.map(({ key, text }) => ({ key, text, at }));
    await this.#file.append(stamped);
    for (const answer of stamped) this.#answers.set(answer.key, answer);
  }

  /** Hold `keys` (waiting for whoever holds one of them); resolves with the function that lets them go. */
  async #hold(keys: readonly string[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const key of [...keys].sort()) {
      for (let busy = this.#held.get(key); busy; busy = this.#held.get(key)) await busy;
      let letGo: () => void = () => undefined;
      this.#held.set(
        key,
        new Promise<void>((resolve) => {
          letGo = resolve;
        }),
      );
      releases.push(() => {
        this.#held.delete(key);
        letGo();
      });
    }
    return () => {
      for (const r of releases) r();
    };
  }
}
