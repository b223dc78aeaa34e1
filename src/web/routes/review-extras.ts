import type { Locale } from '../../core/locale.ts';
import type { Request } from 'express';
import type { AppDeps } from '../deps.ts';

/**
 * The optional services the article, queue and review pages use when an installation has them (machine translation,
 * translation memory, glossary). They are read structurally from AppDeps, so a page shows a section only when the
 * service is there and hides it otherwise.
 */

/** What the pages need from machine translation (services/translate.ts `MtService` fits). */
export interface MtPort {
  status(): Promise<{ readonly state: string; readonly message: string }>;
  enqueue(input: {
    readonly locales?: readonly string[];
    readonly slugs?: readonly string[];
    readonly by: string;
    readonly segmentIds?: readonly string[];
  }): Promise<{ readonly added: number; readonly skipped: number }>;
  /** Optional: translate one segment again even when it has text; the draft arrives as a suggestion. */
  retranslate?(input: { readonly slug: string; readonly segmentId: string; readonly locale: Locale; readonly by: string }): Promise<unknown>;
}

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
  readonly mt?: MtPort;
  readonly memory?: MemoryPort;
  readonly glossary?: GlossaryPort;
}

function has<K extends string>(value: unknown, ...methods: K[]): value is Record<K, (...args: never[]) => unknown> {
  return typeof value === 'object' && value !== null && methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** Glossary entries of a stored glossary record (`{ entries: { source: target }, details? }`). */
function entriesOf(record: unknown): GlossaryEntryLike[] {
  const entries = field(record, 'entries');
  if (typeof entries !== 'object' || entries === null) return [];
  const details = (field(record, 'details') ?? {}) as Record<string, { note?: string; forbidden?: string[] } | undefined>;
  return Object.entries(entries as Record<string, string>).map(([source, target]) => ({
    source,
    target,
    ...(details[source]?.note ? { note: details[source]!.note! } : {}),
    ...(details[source]?.forbidden?.length ? { forbidden: details[source]!.forbidden! } : {}),
  }));
}

/**
 * Machine translation arrives either as the service itself or as main.ts's `{ service, store }` pair; the glossary is
 * read from the MT settings store, where `tandem glossary import` puts it.
 */
export function reviewExtras(deps: AppDeps): ReviewExtras {
  const slots = deps as unknown as Record<string, unknown>;
  const mtSlot = slots['mt'];
  const mt = has(mtSlot, 'status', 'enqueue') ? mtSlot : has(field(mtSlot, 'service'), 'status', 'enqueue') ? field(mtSlot, 'service') : undefined;
  const memory = slots['memory'];
  const settings = field(field(mtSlot, 'store'), 'settings');
  const glossary: GlossaryPort | undefined = has(slots['glossary'], 'terms')
    ? (slots['glossary'] as unknown as GlossaryPort)
    : has(settings, 'glossary')
      ? { terms: async (source, target) => entriesOf(await (settings as { glossary(s: string, t: string): Promise<unknown> }).glossary(source, target)) }
      : undefined;
  return {
    ...(mt ? { mt: mt as unknown as MtPort } : {}),
    ...(has(memory, 'lookup') ? { memory: memory as unknown as MemoryPort } : {}),
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
