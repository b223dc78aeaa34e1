// Intl constructors load locale data and cost tens of microseconds each; a page calls them once per date or name.
// Every formatter is built once per locale and options and reused: they are immutable and safe to share.

const MAX_ENTRIES = 512;
const cache = new Map<string, Intl.DateTimeFormat | Intl.DisplayNames | Intl.NumberFormat | Intl.RelativeTimeFormat>();
/** Language names by `inLocale\0locale`, bounded like the formatters. */
const names = new Map<string, string>();

function cached<T extends Intl.DateTimeFormat | Intl.DisplayNames | Intl.NumberFormat | Intl.RelativeTimeFormat>(
  kind: string,
  locale: string,
  options: object,
  build: () => T,
): T {
  const key = `${kind}\u0000${locale}\u0000${JSON.stringify(options)}`;
  const found = cache.get(key);
  if (found) return found as T;
  const made = build();
  // Locales come from requests (Accept-Language, UI language); a bound keeps hostile variety from growing the map.
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, made);
  return made;
}

/** A shared `Intl.DateTimeFormat` for `locale` and `options`. Throws RangeError for a malformed locale tag. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached('dt', locale, options, () => new Intl.DateTimeFormat(locale, options));
}

/**
 * A moment as every user-facing message says it: the time of day on a 24-hour clock in UTC, with the zone named, in
 * `locale`'s digits and order (`02:02 UTC`). Tandem's times are UTC; a 12-hour clock is avoided on purpose, since ICU's
 * short Korean pattern writes English "AM"/"PM". Throws RangeError for a malformed locale tag.
 */
export function messageTime(date: Date, locale: string): string {
  return dateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC', timeZoneName: 'short' }).format(
    date,
  );
}

/** A moment with its date, as messageTime says the time (`2026년 12월 2일 14:05 UTC`, `Dec 2, 2026, 14:05 UTC`). */
export function messageDateTime(date: Date, locale: string): string {
  return dateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(date);
}

/** A shared `Intl.DisplayNames` of languages, written in `locale`. Throws RangeError for a malformed locale tag. */
export function languageNames(locale: string): Intl.DisplayNames {
  // "Chinese (Simplified)", not "Simplified Chinese": the base language first, as every list of languages sorts them.
  return cached('dn', locale, {}, () => new Intl.DisplayNames([locale], { type: 'language', languageDisplay: 'standard' }));
}

/**
 * The one name of a language shown anywhere, staff UI and reader site: `locale` named in `inLocale` (`zh-Hans` in `en`
 * → "Chinese (Simplified)", `en` in `ko` → "영어"); a language's own name when both are the same (`ko` → "한국어").
 * The tag itself when a tag is malformed or Intl does not know it.
 */
export function languageName(locale: string, inLocale: string): string {
  // DisplayNames.of looks the name up in ICU on every call; pages name the same few languages on every view.
  const key = `${inLocale}\u0000${locale}`;
  let name = names.get(key);
  if (name === undefined) {
    try {
      name = languageNames(inLocale).of(locale) ?? locale;
    } catch {
      name = locale;
    }
    if (names.size >= MAX_ENTRIES) names.delete(names.keys().next().value as string);
    names.set(key, name);
  }
  return name;
}

/** A shared `Intl.NumberFormat` for `locale` and `options`. Throws RangeError for a malformed locale tag. */
export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached('nf', locale ?? '', options, () => new Intl.NumberFormat(locale, options));
}

/** A shared `Intl.RelativeTimeFormat` for `locale` and `options`. Throws RangeError for a malformed locale tag. */
export function relativeTimeFormat(locale: string, options: Intl.RelativeTimeFormatOptions = {}): Intl.RelativeTimeFormat {
  return cached('rt', locale, options, () => new Intl.RelativeTimeFormat(locale, options));
}
