import { NotFoundError, ValidationError } from './errors.ts';

/** A BCP 47 language tag such as `ko`, `en`, `zh-Hans`. */
export type Locale = string;

export const DEFAULT_SOURCE_LOCALE: Locale = 'ko';
export const DEFAULT_TARGET_LOCALES: readonly Locale[] = ['en', 'ja', 'zh-Hans'];

/** Canonical BCP 47 casing (`zh-hans` → `zh-Hans`), or a ValidationError naming the bad tag. */
export function canonicalLocale(tag: string): Locale {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    if (canonical) return canonical;
  } catch {
    // fall through to the error below
  }
  throw new ValidationError(`locale: "${tag}" is not a BCP 47 language tag (examples: ko, en, ja, zh-Hans)`);
}

/** Whether `tag` is a BCP 47 language tag (what `canonicalLocale` accepts), without throwing. */
export function isLanguageTag(tag: string): boolean {
  try {
    canonicalLocale(tag);
    return true;
  } catch {
    return false;
  }
}

/**
 * `raw` as one of this installation's `targets` in canonical casing (`zh-hans` → `zh-Hans`). Throws ValidationError for
 * a malformed tag and NotFoundError for a tag that is not a target locale (the source locale included). The web's
 * locale parameters and every CLI `--locale`/`--to` option use this one rule.
 */
export function targetLocaleIn(targets: readonly Locale[], raw: string): Locale {
  const locale = canonicalLocale(raw);
  if (!targets.includes(locale)) {
    throw new NotFoundError(`locale: ${locale} is not a target locale of this installation (${targets.join(', ')})`);
  }
  return locale;
}

/**
 * A well-formed locale that is not one the refusing field takes (`allowed`: usually the installation's target locales). Every service that takes a locale from outside throws it through
 * `requireLocale`, so the web (reason `locale.not-target`) and the CLI word every such refusal alike.
 */
export class UnknownLocaleError extends ValidationError {
  /** What named the locale: a field (`locale`, `locales`) or an option (`--to`). */
  readonly field: string;
  /** The tag in canonical casing, at most 40 characters. */
  readonly locale: string;
  /** The locales `field` takes, in configuration order. */
  readonly allowed: readonly Locale[];

  constructor(component: string, field: string, locale: string, allowed: readonly Locale[]) {
    const shown = locale.slice(0, 40);
    super(`${component}: ${field} ${shown} is not a target locale here; use one of ${allowed.join(', ')}`, [field], {
      reason: 'locale.not-target',
      params: { locale: shown, field, locales: allowed.join(',') },
    });
    this.field = field;
    this.locale = shown;
    this.allowed = allowed;
  }
}

/**
 * `raw` in canonical casing (`zh-hans` → `zh-Hans`) when it is one of `allowed`; UnknownLocaleError naming `component`
 * (`users`), `field` and `allowed` when it is another language, and canonicalLocale's ValidationError when it is no
 * BCP 47 tag at all. The one check of a locale a service is given.
 */
export function requireLocale(component: string, field: string, allowed: readonly Locale[], raw: string): Locale {
  const locale = canonicalLocale(raw);
  if (!allowed.includes(locale)) throw new UnknownLocaleError(component, field, locale, allowed);
  return locale;
}

/** Each of `raws` as `requireLocale` checks it, repeats dropped, in the order given. */
export function requireLocales(component: string, field: string, allowed: readonly Locale[], raws: readonly string[]): Locale[] {
  return [...new Set(raws.map((raw) => requireLocale(component, field, allowed, raw)))];
}

export function parseLocaleList(list: string): Locale[] {
  return [
    ...new Set(
      list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map(canonicalLocale),
    ),
  ];
}

// Scripts written without spaces between words (Unicode script codes, as Intl.Locale#maximize names them): Chinese,
// Japanese, Thai, Lao, Khmer, Burmese, Tibetan. Korean (`Kore`) separates words (eojeol) with spaces.
const SCRIPTS_WITHOUT_WORD_SPACES: ReadonlySet<string> = new Set(['Hani', 'Hans', 'Hant', 'Jpan', 'Thai', 'Laoo', 'Khmr', 'Mymr', 'Tibt']);
const wordSpacing = new Map<string, boolean>();

/**
 * Whether text in this locale separates words with spaces (`en`, `ko`, `fr`: true; `ja`, `zh-Hans`, `zh-TW`, `th`:
 * false), read off the locale's likely script (`ja` → Jpan). An unknown or invalid tag counts as separating words.
 */
export function separatesWordsWithSpaces(locale: Locale): boolean {
  let spaced = wordSpacing.get(locale);
  if (spaced === undefined) {
    let script: string | undefined;
    try {
      script = new Intl.Locale(locale).maximize().script;
    } catch {
      script = undefined;
    }
    spaced = script === undefined || !SCRIPTS_WITHOUT_WORD_SPACES.has(script);
    if (wordSpacing.size < 1000) wordSpacing.set(locale, spaced);
  }
  return spaced;
}

/**
 * Memory locale for a tag from any tool: language only (`en-US` → `en`, `ko-KR` → `ko`), except Chinese, where the
 * script matters (`zh-CN` → `zh-Hans`, `zh-TW` → `zh-Hant`). The translation memory keys its language pairs by it,
 * so an entry approved for `en-US` is found for `en`. Throws ValidationError for a malformed tag.
 */
export function memoryLocale(tag: string): Locale {
  let locale = memoryLocales.get(tag);
  if (locale === undefined) {
    locale = toMemoryLocale(tag);
    if (memoryLocales.size < 1000) memoryLocales.set(tag, locale);
  }
  return locale;
}

// Intl canonicalization costs microseconds per call; a bulk import asks for the same handful of tags 100,000 times.
const memoryLocales = new Map<string, Locale>();

function toMemoryLocale(tag: string): Locale {
  const canonical = canonicalLocale(tag);
  const [lang, ...rest] = canonical.split('-');
  if (lang !== 'zh') return lang!;
  if (rest.includes('Hant') || rest.some((r) => ['TW', 'HK', 'MO'].includes(r))) return 'zh-Hant';
  return 'zh-Hans';
}

/**
 * `ko>en`: the key of a translation-memory language pair, in memory locales (`memoryLocale`). The in-process index
 * and the PostgreSQL store key entries by it, so both see `ko>en-US` and `ko>en` as one pair.
 */
export function memoryPairKey(sourceLocale: Locale, targetLocale: Locale): string {
  return `${memoryLocale(sourceLocale)}>${memoryLocale(targetLocale)}`;
}
