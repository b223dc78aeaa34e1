import type { Request } from 'express';
import type { Locale } from '../../core/locale.ts';
import type { GlossaryRecord } from '../../core/ports/mt-store.ts';
import type { MtService } from '../../services/mt/index.ts';
import type { AppDeps } from '../deps.ts';

/**
 * The optional services the article, queue and review pages use when an installation has them (machine translation,
 * translation memory, glossary): a page shows a section only when the service is there and hides it otherwise.
 */

/** One translation-memory match (services/memory.ts `MemoryMatch` fits). */
export interface MemoryMatchLike {
  readonly score: number;
  readonly exact: boolean;
  readonly text: string;
  readonly diff: readonly { readonly op: 'equal' | 'insert' | 'delete'; readonly text: string }[];
  readonly entry: { readonly source: string; readonly approvedBy?: string | null };
}

/** Translation-memory lookups (services/memory.ts `MemoryService` fits). */
export interface MemoryPort {
  lookup(source: string, options: { readonly sourceLocale?: Locale; readonly targetLocale: Locale; readonly limit?: number }): readonly MemoryMatchLike[];
}

/** A glossary entry as the review page shows it. */
export interface GlossaryEntryLike {
  readonly source: string;
  readonly target: string;
  readonly note?: string;
  readonly forbidden?: readonly string[];
}

/** Glossary entries of a language pair. */
export interface GlossaryPort {
  terms(sourceLocale: Locale, targetLocale: Locale): Promise<readonly GlossaryEntryLike[]>;
}

export interface ReviewExtras {
  readonly mt?: MtService;
  readonly memory?: MemoryPort;
  readonly glossary?: GlossaryPort;
}

/** Glossary entries of a stored glossary record. */
function entriesOf(record: GlossaryRecord | null): GlossaryEntryLike[] {
  if (!record) return [];
  const details = record.details ?? {};
  return Object.entries(record.entries).map(([source, target]) => ({
    source,
    target,
    ...(details[source]?.note ? { note: details[source]!.note! } : {}),
    ...(details[source]?.forbidden?.length ? { forbidden: details[source]!.forbidden! } : {}),
  }));
}

/** The glossary is read from the MT settings store, where `tandem glossary import` puts it. */
export function reviewExtras(deps: AppDeps): ReviewExtras {
  const settings = deps.mt?.store.settings;
  const glossary: GlossaryPort | undefined = settings ? { terms: async (source, target) => entriesOf(await settings.glossary(source, target)) } : undefined;
  return {
    ...(deps.mt ? { mt: deps.mt.service } : {}),
    ...(deps.memory ? { memory: deps.memory } : {}),
    ...(glossary ? { glossary } : {}),
  };
}

/** The MT state in the UI language; the service's own sentence (English, with the reason) follows when it says more. */
export function mtMessage(req: Request, status: { readonly state: string; readonly message: string }): string {
  const known = ['off', 'ready', 'paused', 'unauthorized'];
  if (!known.includes(status.state)) return status.message;
  const text = req.t(`review:machine.states.${status.state}`);
  return status.state === 'paused' || status.state === 'unauthorized' ? `${text} (${status.message})` : text;
}
