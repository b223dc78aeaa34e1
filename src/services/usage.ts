import { parseIsoDay } from '../core/dates.ts';
import type { MtProvider, MtProviderUsage } from '../core/ports/mt-provider.ts';
import type { MtLedger } from '../core/ports/mt-store.ts';

export interface UsageRow {
  readonly key: string;
  readonly requests: number;
  readonly characters: number;
  readonly billedCharacters: number;
}

export interface UsageReport {
  readonly total: Omit<UsageRow, 'key'>;
  readonly byDay: readonly UsageRow[];
  readonly byLocale: readonly UsageRow[];
  readonly byArticle: readonly UsageRow[];
  readonly byJob: readonly UsageRow[];
  /** The provider's own figures for the billing period (`MtProvider.usage`), when a key is set. */
  readonly provider: (MtProviderUsage & { readonly id: string }) | null;
  /** Why the provider's figures are missing, when asking failed. */
  readonly providerError?: string;
}

/**
 * Characters sent and billed, summed from the audit log per day, locale, article and job. Only requests that were
 * answered count as billed; failed attempts still count as sent.
 */
export async function usageReport(
  deps: { readonly ledger: MtLedger; readonly provider?: MtProvider },
  since?: string,
): Promise<UsageReport> {
  const entries = await deps.ledger.entries(since === undefined ? undefined : parseIsoDay(since, 'usage: since'));
  const groups = {
    day: new Map<string, Acc>(),
    locale: new Map<string, Acc>(),
    article: new Map<string, Acc>(),
    job: new Map<string, Acc>(),
  };
  const total: Acc = { requests: 0, characters: 0, billedCharacters: 0 };
  for (const e of entries) {
    const billed = e.billedCharacters ?? 0;
    add(total, 1, e.characters, billed);
    add(acc(groups.day, e.at.slice(0, 10)), 1, e.characters, billed);
    add(acc(groups.locale, e.targetLocale), 1, e.characters, billed);
    // Billed characters are spread over articles and jobs in proportion to the characters each sent.
    for (const a of e.articles) add(acc(groups.article, a.slug), 1, a.characters, share(billed, a.characters, e.characters));
    for (const j of e.jobs) add(acc(groups.job, j.jobId), 1, j.characters, share(billed, j.characters, e.characters));
  }
  let provider: UsageReport['provider'] = null;
  let providerError: string | undefined;
  if (deps.provider?.enabled) {
    try {
      const u = await deps.provider.usage();
      provider = u ? { id: deps.provider.id, ...u } : null;
    } catch (error) {
      providerError = (error as Error).message;
    }
  }
  return {
    total,
    byDay: rows(groups.day),
    byLocale: rows(groups.locale),
    byArticle: rows(groups.article),
    byJob: rows(groups.job),
    provider,
    ...(providerError ? { providerError } : {}),
  };
}

interface Acc {
  requests: number;
  characters: number;
  billedCharacters: number;
}

function acc(map: Map<string, Acc>, key: string): Acc {
  let a = map.get(key);
  if (!a) map.set(key, (a = { requests: 0, characters: 0, billedCharacters: 0 }));
  return a;
}

function add(a: Acc, requests: number, characters: number, billed: number): void {
  a.requests += requests;
  a.characters += characters;
  a.billedCharacters += billed;
}

function share(billed: number, part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((billed * part) / whole);
}

function rows(map: Map<string, Acc>): UsageRow[] {
  return [...map].map(([key, a]) => ({ key, ...a })).sort((x, y) => x.key.localeCompare(y.key));
}

/** Machine-translation usage for the CLI: `usageReport` bound to the MT ledger and the provider. */
export class UsageService {
  readonly #deps: { readonly ledger: MtLedger; readonly provider?: MtProvider };

  constructor(deps: { readonly ledger: MtLedger; readonly provider?: MtProvider }) {
    this.#deps = deps;
  }

  /** The usage report from `since` (an ISO 8601 day, `YYYY-MM-DD`) on, or over the whole ledger. */
  report(since?: string): Promise<UsageReport> {
    return usageReport(this.#deps, since);
  }
}
