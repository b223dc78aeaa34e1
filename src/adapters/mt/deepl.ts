import type { DeepLClient, GlossaryEntries, SourceLanguageCode, TargetLanguageCode, TranslateTextOptions } from 'deepl-node';
import { ConfigError, MtAuthError, MtError, MtQuotaError, MtRateLimitError } from '../../core/errors.ts';
import type { Locale } from '../../core/locale.ts';
import { acceptsFormality, baseLanguage, providerLocale } from '../../core/mt-capabilities.ts';
import type { MtCapabilities, MtGlossaryInfo, MtProvider, MtProviderUsage, MtRequest, MtResult } from '../../core/ports/mt-provider.ts';

export interface DeeplProviderConfig {
  readonly authKey: string | undefined;
  /** Passed as deepl-node's `serverUrl`; without it deepl-node picks the free or pro endpoint from the key. */
  readonly serverUrl?: string;
  /** Extra HTTP headers for every request (`DEEPL_EXTRA_HEADERS`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** English variant for `en`: DeepL refuses the bare target `EN`. */
  readonly englishVariant?: 'en-US' | 'en-GB';
  /** A request that has not answered after this long is abandoned (and retried by the MT service). */
  readonly timeoutMs?: number;
}

/** The hint every neutral message quotes when DeepL is missing or its key is rejected. */
export const DEEPL_CONFIG_HINT = 'DEEPL_AUTH_KEY (your DeepL API key)';

/** DeepL: at most 50 texts per request, and request bodies over 128 KiB are refused. */
const DEEPL_BATCH = { maxTexts: 50, maxRequestBytes: 128 * 1024 } as const;

const PREFER = ['prefer_more', 'prefer_less'] as const;
// `prefer_*` falls back silently where unsupported, but DeepL documents formality only for these targets, so we only
// send it there (our tags and base languages; `pt` is sent as pt-PT).
const DEEPL_FORMALITY: MtCapabilities['formality'] = Object.fromEntries(
  ['de', 'fr', 'it', 'es', 'nl', 'pl', 'pt', 'pt-BR', 'pt-PT', 'ja', 'ru'].map((l) => [l, PREFER]),
);

/** Our BCP 47 target locales (lower case) → DeepL's codes; DeepL refuses the bare target `EN`. */
function deeplLanguageMap(englishVariant: 'en-US' | 'en-GB'): Readonly<Record<string, string>> {
  return { en: englishVariant, zh: 'zh-HANS', 'zh-hans': 'zh-HANS', 'zh-hant': 'zh-HANT', pt: 'pt-PT' };
}

/** Our BCP 47 locale → DeepL's target code. */
export function deeplTargetCode(locale: Locale, englishVariant: 'en-US' | 'en-GB' = 'en-US'): string {
  return providerLocale({ languageMap: deeplLanguageMap(englishVariant) }, locale);
}

/** Source languages are never regional for DeepL (`zh`, `en`, `ko`). */
export function deeplSourceCode(locale: Locale): string {
  return baseLanguage(locale);
}

/** A glossary is per base language pair (`ko` → `en`), whatever the target variant. */
const glossaryLang = baseLanguage;

type Sdk = typeof import('deepl-node');
/**
 * deepl-node (with axios) takes about a quarter of a second to load, which every CLI command would pay for a provider
 * it never calls: it is loaded on the first request instead. Set once loaded; only its own errors need it.
 */
let sdk: Sdk | undefined;
let loading: Promise<Sdk> | undefined;
function loadSdk(): Promise<Sdk> {
  loading ??= import('deepl-node').then((loaded) => {
    sdk = loaded;
    return loaded;
  });
  return loading;
}

/**
 * Glossary entries sent exactly as given. deepl-node 1.28 copies entries into a plain object with `Object.assign`,
 * which drops a `__proto__` term (the assignment sets the prototype instead) and, on its TSV path, takes
 * `constructor` for a duplicate; our glossaries keep such terms as ordinary words. Terms are still checked by
 * deepl-node's own `validateGlossaryTerm`.
 */
function exactGlossaryEntries({ GlossaryEntries }: Sdk, entries: Readonly<Record<string, string>>): GlossaryEntries {
  const pairs = Object.entries(entries);
  return new (class ExactGlossaryEntries extends GlossaryEntries {
    override entries(): Record<string, string> {
      const out = Object.create(null) as Record<string, string>;
      for (const [source, target] of pairs) out[source] = target;
      return out;
    }

    override toTsv(): string {
      return pairs
        .map(([source, target]) => {
          GlossaryEntries.validateGlossaryTerm(source);
          GlossaryEntries.validateGlossaryTerm(target);
          return `${source}\t${target}`;
        })
        .join('\n');
    }
  })();
}

/** DeepL through the official client. deepl-node's own retries are turned off: the MT service owns the policy. */
export class DeeplProvider implements MtProvider {
  readonly id = 'deepl';
  readonly enabled = true;
  readonly capabilities: MtCapabilities;
  readonly #key: string;
  readonly #config: DeeplProviderConfig;
  #client: Promise<DeepLClient> | undefined;
  readonly #english: 'en-US' | 'en-GB';
  readonly #timeoutMs: number;

  constructor(config: DeeplProviderConfig) {
    const key = config.authKey?.trim();
    if (!key) {
      throw new ConfigError(`deepl: DEEPL_AUTH_KEY is not set; set ${DEEPL_CONFIG_HINT}, or leave MT off (provider "none")`);
    }
    this.#english = config.englishVariant ?? 'en-US';
    this.#timeoutMs = config.timeoutMs ?? 30_000;
    this.#key = key;
    this.#config = config;
    this.capabilities = {
      batch: DEEPL_BATCH,
      glossary: {
        create: (name, sourceLocale, targetLocale, entries) => this.#createGlossary(name, sourceLocale, targetLocale, entries),
        list: () => this.#listGlossaries(),
        delete: (id) => this.#deleteGlossary(id),
      },
      formality: DEEPL_FORMALITY,
      // DeepL's tag_handling=xml keeps our inline tags in place and honours ignore_tags for masking placeholders.
      tagHandling: 'xml',
      languageMap: deeplLanguageMap(this.#english),
      timeoutMs: this.#timeoutMs,
      configHint: DEEPL_CONFIG_HINT,
    };
  }

  async translate(request: MtRequest): Promise<MtResult> {
    if (request.texts.length === 0) return { texts: [], billedCharacters: 0 };
    if (request.texts.some((t) => t.trim() === '')) {
      throw new MtError('deepl: refusing to send an empty text; the MT service must filter empty segments', { code: 'mt-bad-request' });
    }
    const options: TranslateTextOptions = {
      tagHandling: 'xml',
      ...(request.context ? { context: request.context } : {}),
      ...(request.ignoreTags?.length ? { ignoreTags: [...request.ignoreTags] } : {}),
      ...(request.glossaryId ? { glossary: request.glossaryId } : {}),
      ...(request.formality && acceptsFormality(this.capabilities, request.targetLocale, request.formality)
        ? { formality: request.formality }
        : {}),
    };
    const results = await this.#call((client) =>
      client.translateText(
        [...request.texts],
        deeplSourceCode(request.sourceLocale) as SourceLanguageCode,
        deeplTargetCode(request.targetLocale, this.#english) as TargetLanguageCode,
        options,
      ),
    );
    if (!Array.isArray(results) || results.length !== request.texts.length || results.some((r) => typeof r?.text !== 'string')) {
      throw new MtError(
        `deepl: malformed response: ${Array.isArray(results) ? results.length : 'no'} translations for ${request.texts.length} texts`,
        { code: 'mt-malformed' },
      );
    }
    const billed = results.every((r) => typeof r.billedCharacters === 'number')
      ? results.reduce((sum, r) => sum + (r.billedCharacters ?? 0), 0)
      : null;
    return { texts: results.map((r) => r.text), billedCharacters: billed };
  }

  async #createGlossary(
    name: string,
    sourceLocale: Locale,
    targetLocale: Locale,
    entries: Readonly<Record<string, string>>,
  ): Promise<MtGlossaryInfo> {
    const info = await this.#call((client) =>
      client.createGlossary(
        name,
        glossaryLang(sourceLocale) as SourceLanguageCode,
        glossaryLang(targetLocale) as TargetLanguageCode,
        exactGlossaryEntries(sdk!, entries),
      ),
    );
    return { id: info.glossaryId, name: info.name };
  }

  async #listGlossaries(): Promise<MtGlossaryInfo[]> {
    const list = await this.#call((client) => client.listGlossaries());
    return list.map((g) => ({ id: g.glossaryId, name: g.name }));
  }

  async #deleteGlossary(id: string): Promise<void> {
    try {
      await this.#call((client) => client.deleteGlossary(id));
    } catch (error) {
      if (sdk && (error as MtError).cause instanceof sdk.GlossaryNotFoundError) return;
      throw error;
    }
  }

  async usage(): Promise<MtProviderUsage | null> {
    const usage = await this.#call((client) => client.getUsage());
    if (!usage.character) return null;
    return { characterCount: usage.character.count, characterLimit: usage.character.limit };
  }

  #clientOf(): Promise<DeepLClient> {
    this.#client ??= loadSdk().then(
      ({ DeepLClient }) =>
        new DeepLClient(this.#key, {
          ...(this.#config.serverUrl ? { serverUrl: this.#config.serverUrl } : {}),
          ...(this.#config.headers ? { headers: { ...this.#config.headers } } : {}),
          // deepl-node's maxRetries counts attempts: 1 means a single try.
          maxRetries: 1,
          minTimeout: this.#timeoutMs,
          sendPlatformInfo: false,
          appInfo: { appName: 'tandem', appVersion: '0.1.0' },
        }),
    );
    return this.#client;
  }

  /** Run a deepl-node call under our own deadline and translate its errors into ours. */
  async #call<T>(run: (client: DeepLClient) => Promise<T>): Promise<T> {
    // Loaded before the deadline starts: loading the module is not the provider's answer time.
    const client = await this.#clientOf();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      // deepl-node's timeout is never below its 1 s backoff step; ours is exact.
      timer = setTimeout(
        () => reject(new MtError(`deepl: no answer within ${this.#timeoutMs} ms`, { code: 'mt-timeout', retryable: true })),
        this.#timeoutMs,
      );
    });
    try {
      return await Promise.race([run(client), deadline]);
    } catch (error) {
      throw toMtError(error);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Map deepl-node's errors to ours, keeping the status and the first 200 characters of the upstream message. */
export function toMtError(error: unknown): MtError {
  if (error instanceof MtError) return error;
  const detail = error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
  // deepl-node's errors exist only once it is loaded, as it is before any request.
  if (!sdk) return new MtError(`deepl: unexpected failure: ${detail}`, { cause: error });
  const { AuthorizationError, ConnectionError, DeepLError, QuotaExceededError, TooManyRequestsError } = sdk;
  if (error instanceof AuthorizationError) {
    return new MtAuthError(`deepl: the API key was rejected (403); check DEEPL_AUTH_KEY: ${detail}`, { status: 403, cause: error });
  }
  // DeepL answers 456 when the character quota of the billing period is spent.
  if (error instanceof QuotaExceededError) {
    return new MtQuotaError(`deepl: quota exceeded (456); raise the limit in the DeepL account, then resume the queue: ${detail}`, {
      status: 456,
      cause: error,
    });
  }
  if (error instanceof TooManyRequestsError) {
    return new MtRateLimitError(`deepl: too many requests (429): ${detail}`, { status: 429, cause: error });
  }
  if (error instanceof ConnectionError) {
    return new MtError(`deepl: connection failed: ${detail}`, { code: 'mt-connection', retryable: true, cause: error });
  }
  if (error instanceof DeepLError) {
    // deepl-node names some statuses only in words ("Bad request", "Not found", "Service unavailable").
    const named = /^Bad request/.test(error.message)
      ? 400
      : /^Not found/.test(error.message)
        ? 404
        : /Service unavailable/.test(error.message)
          ? 503
          : NaN;
    const status = Number(/status code: (\d{3})/.exec(error.message)?.[1] ?? named);
    if (status >= 500) return new MtError(`deepl: server error ${status}: ${detail}`, { status, retryable: true, cause: error });
    if (/parsing response/i.test(error.message)) {
      return new MtError(`deepl: malformed response: ${detail}`, { code: 'mt-malformed', cause: error });
    }
    return new MtError(`deepl: request failed: ${detail}`, { ...(Number.isNaN(status) ? {} : { status }), cause: error });
  }
  return new MtError(`deepl: unexpected failure: ${detail}`, { cause: error });
}
