import type { MtAnswerProducer } from '../../core/ports/mt-store.ts';

/** What a store can do while it holds a set of answer keys (on a database: inside the transaction holding them). */
export interface HeldAnswers {
  /** The stored answers of `keys`; keys without one are absent. */
  read(keys: readonly string[]): Promise<Map<string, string>>;
  /** Store `answers` as answered at `at` (ISO 8601 UTC), replacing a key's earlier text, durably before resolving. */
  store(answers: readonly { readonly key: string; readonly text: string }[], at: string): Promise<void>;
}

/** How one store holds keys; the holding (promises in process, advisory locks on a database) is its own. */
export interface AnswerHolding {
  /** Run `work` while `keys` are held, waiting first for whoever holds one of them; lets them go however it ends. */
  hold<T>(keys: readonly string[], work: (held: HeldAnswers) => Promise<T>): Promise<T>;
}

/**
 * `MtAnswerStore.share` over a store's `holding`: the keys are held, read (another sharer may have answered them while
 * this one waited), and only those still missing (or in `refresh`) go to `produce`, whose answers are stored at
 * `options.at` before the keys are let go. Rethrows what `produce` threw, storing nothing. The keys are not read
 * before they are held: callers share keys they just found unanswered (the MT round reads the answers of all its
 * texts first), so that read answered nothing and cost a round trip while a request slot waited for it.
 */
export async function shareAnswers(
  keys: readonly string[],
  produce: MtAnswerProducer,
  options: { readonly at: string; readonly refresh?: ReadonlySet<string> },
  holding: AnswerHolding,
): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  const missing = (known: ReadonlyMap<string, string>) => unique.filter((k) => options.refresh?.has(k) || !known.has(k));
  return holding.hold(unique, async (held) => {
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
