import type { Locale } from '../locale.ts';

export const MT_FORMALITIES = ['prefer_more', 'prefer_less'] as const;
export type MtFormality = (typeof MT_FORMALITIES)[number];

/**
 * How a provider keeps inline tags (`<g1>…</g1>`, `<x2/>`) and masking placeholders intact: `xml` means it parses the
 * texts as XML fragments, leaves tags in place and the content of `ignoreTags` untranslated; `none` means it cannot,
 * so drafts may lose tags (the MT service flags such drafts).
 */
export const MT_TAG_HANDLINGS = ['xml', 'none'] as const;
export type MtTagHandling = (typeof MT_TAG_HANDLINGS)[number];

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
  /** Tag names whose content the engine must leave untouched (masking placeholders); sent when tag handling is `xml`. */
  readonly ignoreTags?: readonly string[];
  /** Provider-side glossary id for this language pair; sent only to providers with the glossary capability. */
  readonly glossaryId?: string;
  /** Sent only when the provider's `capabilities.formality` lists the value for the target locale. */
  readonly formality?: MtFormality;
}

export interface MtResult {
  /** Translations in the order of `MtRequest.texts`. */
  readonly texts: readonly string[];
  /** Characters the provider billed for the request, when it says. */
  readonly billedCharacters: number | null;
}

export interface MtGlossaryInfo {
  /** The provider's id of the glossary. */
  readonly id: string;
  /** The name it was created with (Tandem puts the language pair and a hash of the entries in it). */
  readonly name: string;
}

export interface MtProviderUsage {
  /** Characters used in the billing period. */
  readonly characterCount: number;
  /** Characters allowed in the billing period. */
  readonly characterLimit: number;
}

/** Provider-side glossaries: an optional capability; a provider without it simply has no `glossary` object. */
export interface MtGlossarySupport {
  /** Create a glossary for one language pair and return its id; throws an `MtError` subclass on failure. */
  create(name: string, sourceLocale: Locale, targetLocale: Locale, entries: Readonly<Record<string, string>>): Promise<MtGlossaryInfo>;
  /** The provider's glossaries, to find one by name when our record of its id was lost. */
  list(): Promise<MtGlossaryInfo[]>;
  /** Delete a glossary; one that is already gone is not an error. */
  delete(id: string): Promise<void>;
}

/** Limits of one request; the MT service plans its batches within them. */
export interface MtBatchLimits {
  /** Texts per request at most. */
  readonly maxTexts: number;
  /** Bytes of the form-encoded request body at most (texts, context and parameters together). */
  readonly maxRequestBytes: number;
}

/**
 * What a provider can do, declared as data (after Weblate's machinery base: `batch_size`, glossary support, request
 * timeout, language map), so neutral code reads limits and options here and never names a vendor.
 */
export interface MtCapabilities {
  /** Request size limits. */
  readonly batch: MtBatchLimits;
  /** Provider-side glossaries, when the provider has them. */
  readonly glossary?: MtGlossarySupport;
  /**
   * Formality values accepted per target locale, keyed by our BCP 47 tag or its base language (`ja`, `pt-BR`);
   * a locale missing here takes no formality.
   */
  readonly formality: Readonly<Record<string, readonly MtFormality[]>>;
  /** How inline tags and masking placeholders survive translation. */
  readonly tagHandling: MtTagHandling;
  /**
   * Our BCP 47 locale → the provider's code, keyed in lower case (`zh-hans` → `zh-HANS`); a locale missing here is
   * sent as it is.
   */
  readonly languageMap: Readonly<Record<string, string>>;
  /** A request unanswered after this many milliseconds is abandoned with a retryable `MtError` (`mt-timeout`). */
  readonly timeoutMs: number;
  /**
   * What to set to turn the provider on or fix its credentials, for people (`ACME_API_KEY (your Acme API key)`); neutral messages
   * quote it instead of naming configuration themselves.
   */
  readonly configHint: string;
}

/**
 * A machine translation service. Providers are thin: batching, masking, deduplication and the retry policy live once
 * in the MT service. Failures are thrown as `MtError` subclasses (`MtRateLimitError`, `MtQuotaError`, `MtAuthError`),
 * with `retryable` set for transient ones. Register a new provider in src/adapters/mt/index.ts.
 *
 * @example
 * export class EchoProvider implements MtProvider {
 *   readonly id = 'echo';
 *   readonly enabled = true;
 *   readonly capabilities = { batch: { maxTexts: 10, maxRequestBytes: 8192 }, formality: {}, tagHandling: 'xml',
 *     languageMap: {}, timeoutMs: 5000, configHint: 'ECHO_ON=1' } satisfies MtCapabilities;
 *   async translate(r: MtRequest) { return { texts: [...r.texts], billedCharacters: null }; }
 *   async usage() { return null; }
 * }
 */
export interface MtProvider {
  /** Stable id stored with jobs, usage and glossary records (`none` for the null provider). */
  readonly id: string;
  /** False for the null provider: nothing is sent and segments wait for a human. */
  readonly enabled: boolean;
  /** What the provider can do and its limits. */
  readonly capabilities: MtCapabilities;
  /** Translate a batch; resolves with exactly one text per input text, in order, or throws an `MtError`. */
  translate(request: MtRequest): Promise<MtResult>;
  /** The account's usage for the billing period, or null when the provider has none. */
  usage(): Promise<MtProviderUsage | null>;
}
