import type { Locale } from '../locale.ts';

export const MT_FORMALITIES = ['prefer_more', 'prefer_less'] as const;
export type MtFormality = (typeof MT_FORMALITIES)[number];

/** One request to a machine translation service: every text goes to the same language pair with the same options. */
export interface MtRequest {
  /** Our BCP 47 source locale (`ko`). */
  readonly sourceLocale: Locale;
  /** Our BCP 47 target locale (`en`, `ja`, `zh-Hans`); the provider maps it to its own code. */
  readonly targetLocale: Locale;
  /** Non-empty XML fragments (segment text with inline tags and masking placeholders). */
  readonly texts: readonly string[];
  /** Surrounding text that helps the engine resolve pronouns and terms; not translated, not billed. */
  readonly context?: string;
  /** Tag names whose content the engine must leave untouched (masking placeholders). */
  readonly ignoreTags?: readonly string[];
  /** Provider-side glossary id for this language pair. */
  readonly glossaryId?: string;
  /** Only sent when `supportsFormality(targetLocale)` is true. */
  readonly formality?: MtFormality;
}

export interface MtResult {
  /** Translations in the order of `MtRequest.texts`. */
  readonly texts: readonly string[];
  /** Characters the provider billed for the request, when it says. */
  readonly billedCharacters: number | null;
}

export interface MtGlossaryInfo {
  readonly id: string;
  readonly name: string;
}

export interface MtProviderUsage {
  readonly characterCount: number;
  readonly characterLimit: number;
}

/**
 * A machine translation service. Providers are thin: batching, masking, deduplication and the retry policy live once
 * in the MT service. Failures are thrown as `MtError` subclasses (`MtRateLimitError`, `MtQuotaError`, `MtAuthError`),
 * with `retryable` set for transient ones.
 *
 * @example
 * export const noneProvider: MtProvider = { id: 'none', enabled: false, ... };
 */
export interface MtProvider {
  /** Stable id stored with jobs and usage (`deepl`, `none`). */
  readonly id: string;
  /** False for the null provider: nothing is sent and segments wait for a human. */
  readonly enabled: boolean;
  /** Translate a batch; resolves with exactly one text per input text or throws. */
  translate(request: MtRequest): Promise<MtResult>;
  /** Whether the provider accepts a formality preference for this target locale. */
  supportsFormality(targetLocale: Locale): boolean;
  /** Create a provider-side glossary and return its id. */
  createGlossary(name: string, sourceLocale: Locale, targetLocale: Locale, entries: Readonly<Record<string, string>>): Promise<MtGlossaryInfo>;
  /** Provider-side glossaries, to find one by name when our record of its id was lost. */
  listGlossaries(): Promise<MtGlossaryInfo[]>;
  /** Delete a provider-side glossary; a glossary that is already gone is not an error. */
  deleteGlossary(id: string): Promise<void>;
  /** The account's usage for the billing period, or null when the provider has none. */
  usage(): Promise<MtProviderUsage | null>;
}
