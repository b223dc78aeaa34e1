import type {
  ConfidentialTermRecord,
  GlossaryRecord,
  MtPause,
  MtRerunBudget,
  MtRerunCharge,
  MtSettingsStore,
  RemoteGlossaryRecord,
} from '../../core/ports/mt-store.ts';

/** The MT settings as one small document. */
export interface MtSettingsData {
  glossaries: Record<string, GlossaryRecord>;
  remoteGlossaries: Record<string, RemoteGlossaryRecord>;
  confidential: { global: ConfidentialTermRecord[]; articles: Record<string, ConfidentialTermRecord[]> };
  pauses: Record<string, MtPause>;
  /** Absent in documents written before re-run budgets; only the current day's spending is kept. */
  reruns?: { budget?: MtRerunBudget; day: string; spent: Record<string, number> };
}

/** The settings of a new data directory: nothing configured. */
export const emptyMtSettings = (): MtSettingsData => ({
  glossaries: {},
  remoteGlossaries: {},
  confidential: { global: [], articles: {} },
  pauses: {},
});

/**
 * The MT settings over any read-modify-write document (a plain object in memory, a durable JSON document on disk).
 * `update` must run changes one at a time and resolve once the change is durable.
 */
export class MtSettingsDocument implements MtSettingsStore {
  readonly #read: () => MtSettingsData;
  readonly #update: <R>(change: (data: MtSettingsData) => R) => Promise<R>;

  constructor(read: () => MtSettingsData, update: <R>(change: (data: MtSettingsData) => R) => Promise<R>) {
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

  async rerunBudget(): Promise<MtRerunBudget | null> {
    const budget = this.#read().reruns?.budget;
    return budget ? { ...budget } : null;
  }

  async setRerunBudget(budget: MtRerunBudget): Promise<void> {
    await this.#update((data) => {
      data.reruns = { day: '', spent: {}, ...data.reruns, budget: { ...budget } };
    });
  }

  chargeRerun(charge: MtRerunCharge): Promise<{ readonly charged: boolean; readonly spent: number }> {
    return this.#update((data) => {
      const reruns = (data.reruns ??= { day: charge.day, spent: {} });
      if (reruns.day !== charge.day) {
        reruns.day = charge.day;
        reruns.spent = {};
      }
      const before = Object.hasOwn(reruns.spent, charge.user) ? reruns.spent[charge.user]! : 0;
      const after = Math.max(0, before + charge.characters);
      if (charge.characters > 0 && after > charge.limit) return { charged: false, spent: before };
      reruns.spent[charge.user] = after;
      return { charged: true, spent: after };
    });
  }

  async rerunSpending(day: string): Promise<Readonly<Record<string, number>>> {
    const reruns = this.#read().reruns;
    return reruns && reruns.day === day ? { ...reruns.spent } : {};
  }
}
