import type { MtAnswerProducer } from '../../core/ports/mt-store.ts';

/** What a store can do while it holds a set of answer keys (on a database: inside the transaction holding them). */
export interface HeldAnswers {
  /** The stored answers of `keys`; keys without one are absent. */
  read(keys: readonly string[]): Promise<Map<string, string>>;
  /** Store `answers` as answered at `at` (ISO 8601 UTC), replacing a key's earlier text, durably before resolving. */
  store(answers: readonly { readonly key: string; readonly text: string }[], at: string): Promise<void>;
}

/** How one store reads answers and holds keys; the holding (promises in process, advisory locks on a database) is its own. */
export interface AnswerHolding {
  /** The stored answers of `keys`, read without holding anything. */
  read(keys: readonly string[]): Promise<Map<string, string>>;
  /** Run `work` while `keys` are held, waiting first for whoever holds one of them; lets them go however it ends. */
  hold<T>(keys: readonly string[], work: (held: HeldAnswers) => Promise<T>): Promise<T>;
}

/**
 * `MtAnswerStore.share` over a store's `holding`: the keys without an answer (or in `refresh`) are held, read again
 * (another sharer may have answered them while this one waited), and only those still missing go to `produce`, whose
 * answers are stored at `options.at` before the keys are let go. Rethrows what `produce` threw, storing nothing.
 */
export async function shareAnswers(
  keys: readonly string[],
  produce: MtAnswerProducer,
  options: { readonly at: string; readonly refresh?: ReadonlySet<string> },
  holding: AnswerHolding,
): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  const missing = (known: ReadonlyMap<string, string>) => unique.filter((k) => options.refresh?.has(k) || !known.has(k));
  const stored = await holding.read(unique);
  const wanted = missing(stored);
  if (wanted.length === 0) return stored;
  return holding.hold(wanted, async (held) => {
    const known = await held.read(unique);
    const still = missing(known);
    if (still.length === 0) return known;
    const produced = await produce(still);
    const fresh = still.flatMap((key) => {
      const text = produced.get(key);
      return text === undefined ? [] : [{ key, text }];
    });
    if (fresh.length > 0) await held.store(fresh, options.at);
    for (const { key, text } of fresh) known.set(key, text);
    return known;
  });
}
