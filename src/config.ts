import { resolve } from 'node:path';
import { z } from 'zod';
import {
  apiToken,
  bindOrigin,
  checksOff,
  databaseUrl,
  flag,
  formality,
  headers,
  httpUrl,
  locale,
  localeList,
  path,
  publicUrl,
  remoteUrl,
  trustProxy,
  wholeNumber,
} from './config-fields.ts';
import { ConfigError } from './core/errors.ts';
import { DEFAULT_SOURCE_LOCALE, DEFAULT_TARGET_LOCALES, type Locale } from './core/locale.ts';
import type { ChecksOff } from './core/ports/check.ts';
import type { MtFormality } from './core/ports/mt-provider.ts';
import { SOURCE_RELEASE_MODES, type SourceReleaseMode } from './core/publication.ts';
import type { RetryPolicy } from './core/retry-policy.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface DeeplConfig {
  readonly authKey: string;
  /** null: deepl-node picks the free or pro endpoint from the key. */
  readonly serverUrl: string | null;
  readonly extraHeaders: Readonly<Record<string, string>>;
  /** DeepL has no bare English target: which variant `en` means. */
  readonly englishVariant: 'en-US' | 'en-GB';
}

/** How machine translation fails safe and what it may spend. */
export interface MtLimitsConfig {
  /** Durable retries of items whose requests keep failing (429, 5xx, timeouts): tries in all, first delay, ceiling. */
  readonly retry: RetryPolicy;
  /** Characters (code points sent) each person may re-run per UTC day, until an editor raises it. */
  readonly rerunBudget: number;
  /** A re-run of an unchanged text with unchanged settings within this many milliseconds reuses the answer (0: never). */
  readonly reuseWithinMs: number;
}

export interface WebhookConfig {
  readonly url: string;
  readonly secret: string;
}

/** Everything Tandem reads from its environment, validated once at start-up. Paths are absolute. */
export interface TandemConfig {
  readonly dataDir: string;
  /**
   * TANDEM_STORAGE: the storage backend's id (`lowdb`, `in-memory`, `postgres`); unset means `postgres` when
   * TANDEM_DATABASE_URL is set, else the embedded default, lowdb.
   */
  readonly storage?: string;
  /** TANDEM_DATABASE_URL: the PostgreSQL database of the `postgres` backend (a secret: it may hold a password). */
  readonly databaseUrl?: string;
  /** Sources live in `<contentDir>/<sourceLocale>/`. */
  readonly contentDir: string;
  /** Published translations are written to `<publishDir>/<locale>/<slug>.md`. */
  readonly publishDir: string;
  readonly port: number;
  readonly host: string;
  /**
   * Where readers reach the site: an http(s) origin with an optional path prefix, no trailing slash. Every absolute URL
   * the reader site writes (canonical, hreflang, feeds) starts with it; `http://<host>:<port>` when TANDEM_PUBLIC_URL is unset.
   */
  readonly publicUrl: string;
  readonly sourceLocale: Locale;
  readonly targetLocales: readonly Locale[];
  readonly logLevel: LogLevel;
  /** null when no DeepL key is set: machine translation is off. */
  readonly deepl: DeeplConfig | null;
  /** Queue machine translation on import when a provider is configured. */
  readonly autoTranslate: boolean;
  /** Approve memory drafts whose exact match was approved in the same article (when no error-level check fails). */
  readonly autoApproveSameArticle: boolean;
  /** Formality per target locale (DEEPL_FORMALITY), sent only where the provider's capabilities accept it. */
  readonly formality: Readonly<Record<string, MtFormality>>;
  /** TANDEM_MT_RETRY_*, TANDEM_MT_RERUN_BUDGET, TANDEM_MT_REUSE_HOURS. */
  readonly mtLimits: MtLimitsConfig;
  /** Password for the first admin account; null means generate one and print it once. */
  readonly adminPassword: string | null;
  readonly webhook: WebhookConfig | null;
  /** `manual`: the original is on the reader site only once an editor released it (`tandem publish <slug> --locale <source>`). */
  readonly sourceRelease: SourceReleaseMode;
  /**
   * TANDEM_TRANSLATED_FRONT_MATTER: front matter keys whose text values (or lists of texts) are segments, in this
   * order; a dotted key reaches into a table (`params.byline`). Unset means the format adapter's defaults.
   */
  readonly translatedFrontMatterKeys?: readonly string[];
  /**
   * TANDEM_CHECKS_OFF: quality checks switched off everywhere (`length`) or for one target locale (`ja:end-punctuation`).
   * The syntax is checked here; the ids against the check registry when the check service is built.
   */
  readonly checksOff: ChecksOff;
  /**
   * TANDEM_TRUST_PROXY as Express `trust proxy`: false (the socket's peer is the client), a number of proxy hops, or a
   * comma-separated list of proxy addresses, subnets and the names loopback, linklocal, uniquelocal.
   */
  readonly trustProxy: false | number | string;
  /** TANDEM_CMS_HOOK_SECRET: the shared secret of `POST /hooks/cms` (signed pushes from a CMS); null: the hook is off. */
  readonly cmsHookSecret: string | null;
  /** TANDEM_FEED_URL and TANDEM_FEED_INTERVAL (seconds, at least 60): the RSS or Atom feed polled for articles; null: off. */
  readonly feed: { readonly url: string; readonly intervalMs: number } | null;
  /**
   * TANDEM_URL and TANDEM_TOKEN: the Tandem server the command line's writing commands go to, with a personal API token;
   * absent: the local data directory (or the server that owns it, found through its server file).
   */
  readonly remote?: { readonly url: string; readonly token: string };
}

/** Variables whose values must never appear in an error message or a log line. */
const SECRET_VARIABLES = new Set([
  'DEEPL_AUTH_KEY',
  'TANDEM_ADMIN_PASSWORD',
  'TANDEM_WEBHOOK_SECRET',
  'DEEPL_EXTRA_HEADERS',
  'TANDEM_DATABASE_URL',
  'TANDEM_CMS_HOOK_SECRET',
  'TANDEM_TOKEN',
]);

const EnvSchema = z.object({
  TANDEM_DATA_DIR: path('a directory path').default('./data'),
  TANDEM_STORAGE: z.string().trim().min(1).optional(),
  TANDEM_DATABASE_URL: databaseUrl.optional(),
  TANDEM_CONTENT_DIR: path('a directory path').default('content'),
  TANDEM_PUBLISH_DIR: path('a directory path').optional(),
  PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, { error: 'expected a TCP port number 0–65535 (0 picks a free port)' })
    .transform(Number)
    .refine((n) => n <= 65535, { error: 'expected a TCP port number 0–65535 (0 picks a free port)' })
    .default(3000),
  HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:\-[\]]+$/, { error: 'expected a host name or IP address to bind, e.g. 127.0.0.1 or 0.0.0.0' })
    .default('127.0.0.1'),
  TANDEM_PUBLIC_URL: publicUrl.optional(),
  TANDEM_SOURCE_LOCALE: locale.default(DEFAULT_SOURCE_LOCALE),
  TANDEM_TARGET_LOCALES: localeList.default([...DEFAULT_TARGET_LOCALES]),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }))
    .default('info'),
  DEEPL_AUTH_KEY: z.string().trim().optional(),
  DEEPL_SERVER_URL: httpUrl('the DeepL API server').optional(),
  DEEPL_EXTRA_HEADERS: headers.optional(),
  DEEPL_FORMALITY: formality.optional(),
  DEEPL_ENGLISH_VARIANT: z.enum(['en-US', 'en-GB'], { error: 'expected en-US or en-GB' }).default('en-US'),
  TANDEM_AUTO_TRANSLATE: flag.default(true),
  TANDEM_MT_RETRY_ATTEMPTS: wholeNumber(1, 100, 'tries').default(8),
  TANDEM_MT_RETRY_FIRST_DELAY: wholeNumber(1, 86_400, 'seconds').default(60),
  TANDEM_MT_RETRY_MAX_DELAY: wholeNumber(1, 86_400, 'seconds').default(3600),
  TANDEM_MT_RERUN_BUDGET: wholeNumber(0, 10_000_000, 'characters').default(20_000),
  TANDEM_MT_REUSE_HOURS: wholeNumber(0, 720, 'hours').default(24),
  TANDEM_TRANSLATED_FRONT_MATTER: z
    .string()
    .transform((value) => [
      ...new Set(
        value
          .split(',')
          .map((key) => key.trim())
          .filter((key) => key !== ''),
      ),
    ])
    .pipe(
      z
        .array(z.string().regex(/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/, { error: 'expected keys such as title or params.byline' }))
        .min(1, { error: 'expected a comma-separated list of front matter keys, e.g. title,summary,tags' }),
    )
    .optional(),
  TANDEM_AUTO_APPROVE_SAME_ARTICLE: flag.default(false),
  TANDEM_ADMIN_PASSWORD: z.string().min(8, { error: 'expected at least 8 characters' }).optional(),
  TANDEM_WEBHOOK_URL: httpUrl('the webhook receiver').optional(),
  TANDEM_WEBHOOK_SECRET: z.string().min(16, { error: 'expected at least 16 characters' }).optional(),
  TANDEM_CMS_HOOK_SECRET: z.string().min(16, { error: 'expected at least 16 characters' }).optional(),
  TANDEM_FEED_URL: httpUrl('the RSS or Atom feed').optional(),
  // Under a minute would poll a news site harder than any reader; a day is the longest wait that still makes sense.
  TANDEM_FEED_INTERVAL: wholeNumber(60, 86_400, 'seconds').default(900),
  TANDEM_CHECKS_OFF: checksOff.optional(),
  TANDEM_TRUST_PROXY: trustProxy.optional(),
  TANDEM_URL: remoteUrl.optional(),
  TANDEM_TOKEN: apiToken.optional(),
  TANDEM_SOURCE_RELEASE: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(SOURCE_RELEASE_MODES, { error: `expected ${SOURCE_RELEASE_MODES.join(' or ')}` }))
    .default('auto'),
});

type EnvName = keyof typeof EnvSchema.shape;

/**
 * Read Tandem's configuration from the environment. Empty variables count as unset. Throws a ConfigError naming every
 * bad variable and what it expects (secret values are never echoed).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): TandemConfig {
  const input: Partial<Record<EnvName, string>> = {};
  for (const name of Object.keys(EnvSchema.shape) as EnvName[]) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') input[name] = value;
  }

  const parsed = EnvSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const raw = input[name as EnvName];
      const shown = raw === undefined || SECRET_VARIABLES.has(name) ? '' : `=${JSON.stringify(raw.slice(0, 80))}`;
      return `${name}${shown}: ${issue.message}`;
    });
    throw new ConfigError(`config: invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;

  const problems: string[] = [];
  const targetLocales = e.TANDEM_TARGET_LOCALES;
  if (targetLocales.includes(e.TANDEM_SOURCE_LOCALE)) {
    problems.push(`TANDEM_TARGET_LOCALES: must not contain the source locale ${e.TANDEM_SOURCE_LOCALE}; remove it from the list`);
  }
  if (!e.DEEPL_AUTH_KEY && (e.DEEPL_SERVER_URL || e.DEEPL_EXTRA_HEADERS)) {
    problems.push(
      'DEEPL_AUTH_KEY: expected a DeepL API key because DEEPL_SERVER_URL or DEEPL_EXTRA_HEADERS is set; set the key or unset those',
    );
  }
  if (e.TANDEM_MT_RETRY_FIRST_DELAY > e.TANDEM_MT_RETRY_MAX_DELAY) {
    problems.push('TANDEM_MT_RETRY_FIRST_DELAY: must not be longer than TANDEM_MT_RETRY_MAX_DELAY; shorten it or raise the ceiling');
  }
  if (e.TANDEM_STORAGE === 'postgres' && !e.TANDEM_DATABASE_URL) {
    problems.push(
      'TANDEM_DATABASE_URL: expected the PostgreSQL URL because TANDEM_STORAGE is postgres, e.g. postgres://tandem:password@localhost:5432/tandem',
    );
  }
  if (e.TANDEM_DATABASE_URL && e.TANDEM_STORAGE && e.TANDEM_STORAGE !== 'postgres') {
    problems.push(`TANDEM_DATABASE_URL: only the postgres backend uses it, but TANDEM_STORAGE is ${e.TANDEM_STORAGE}; unset one of them`);
  }
  if (Boolean(e.TANDEM_URL) !== Boolean(e.TANDEM_TOKEN)) {
    problems.push(
      e.TANDEM_URL
        ? 'TANDEM_TOKEN: expected a personal API token because TANDEM_URL is set (tandem tokens create on the server, or /account/tokens)'
        : 'TANDEM_URL: expected the address of the Tandem server the token TANDEM_TOKEN belongs to, e.g. https://tandem.example.org',
    );
  }
  if (e.TANDEM_WEBHOOK_URL && !e.TANDEM_WEBHOOK_SECRET) {
    problems.push('TANDEM_WEBHOOK_SECRET: expected a signing secret (16+ characters) because TANDEM_WEBHOOK_URL is set');
  }
  const checksOffConfig = e.TANDEM_CHECKS_OFF ?? { everywhere: [], byLocale: {} };
  for (const locale of Object.keys(checksOffConfig.byLocale)) {
    if (!targetLocales.includes(locale)) {
      problems.push(
        `TANDEM_CHECKS_OFF: ${locale} is not a target locale (TANDEM_TARGET_LOCALES is ${targetLocales.join(',')}); use one of them before the colon`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(`config: invalid environment: ${problems.join('; ')}`);

  const contentDir = resolve(cwd, e.TANDEM_CONTENT_DIR);
  return {
    dataDir: resolve(cwd, e.TANDEM_DATA_DIR),
    ...(e.TANDEM_STORAGE ? { storage: e.TANDEM_STORAGE } : e.TANDEM_DATABASE_URL ? { storage: 'postgres' } : {}),
    ...(e.TANDEM_DATABASE_URL ? { databaseUrl: e.TANDEM_DATABASE_URL } : {}),
    contentDir,
    publishDir: e.TANDEM_PUBLISH_DIR ? resolve(cwd, e.TANDEM_PUBLISH_DIR) : contentDir,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.TANDEM_PUBLIC_URL ?? bindOrigin(e.HOST, e.PORT),
    sourceLocale: e.TANDEM_SOURCE_LOCALE,
    targetLocales,
    logLevel: e.LOG_LEVEL,
    deepl: e.DEEPL_AUTH_KEY
      ? {
          authKey: e.DEEPL_AUTH_KEY,
          serverUrl: e.DEEPL_SERVER_URL ?? null,
          extraHeaders: e.DEEPL_EXTRA_HEADERS ?? {},
          englishVariant: e.DEEPL_ENGLISH_VARIANT,
        }
      : null,
    autoTranslate: e.TANDEM_AUTO_TRANSLATE,
    autoApproveSameArticle: e.TANDEM_AUTO_APPROVE_SAME_ARTICLE,
    formality: e.DEEPL_FORMALITY ?? {},
    mtLimits: {
      retry: {
        attempts: e.TANDEM_MT_RETRY_ATTEMPTS,
        baseDelayMs: e.TANDEM_MT_RETRY_FIRST_DELAY * 1000,
        maxDelayMs: e.TANDEM_MT_RETRY_MAX_DELAY * 1000,
      },
      rerunBudget: e.TANDEM_MT_RERUN_BUDGET,
      reuseWithinMs: e.TANDEM_MT_REUSE_HOURS * 3_600_000,
    },
    adminPassword: e.TANDEM_ADMIN_PASSWORD ?? null,
    webhook: e.TANDEM_WEBHOOK_URL && e.TANDEM_WEBHOOK_SECRET ? { url: e.TANDEM_WEBHOOK_URL, secret: e.TANDEM_WEBHOOK_SECRET } : null,
    sourceRelease: e.TANDEM_SOURCE_RELEASE,
    trustProxy: e.TANDEM_TRUST_PROXY ?? false,
    ...(e.TANDEM_TRANSLATED_FRONT_MATTER ? { translatedFrontMatterKeys: e.TANDEM_TRANSLATED_FRONT_MATTER } : {}),
    checksOff: checksOffConfig,
    cmsHookSecret: e.TANDEM_CMS_HOOK_SECRET ?? null,
    feed: e.TANDEM_FEED_URL ? { url: e.TANDEM_FEED_URL, intervalMs: e.TANDEM_FEED_INTERVAL * 1000 } : null,
    ...(e.TANDEM_URL && e.TANDEM_TOKEN ? { remote: { url: e.TANDEM_URL, token: e.TANDEM_TOKEN } } : {}),
  };
}
