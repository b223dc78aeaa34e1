import type { ConfidentialTermRecord, GlossaryRecord, MtPause, MtSettingsStore, RemoteGlossaryRecord } from '../../core/ports/mt-store.ts';

/** The MT settings as one small document. */
export interface MtSettingsData {
  glossaries: Record<string, GlossaryRecord>;
  remoteGlossaries: Record<string, RemoteGlossaryRecord>;
  confidential: { global: ConfidentialTermRecord[]; articles: Record<string, ConfidentialTermRecord[]> };
  pauses: Record<string, MtPause>;
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
}
