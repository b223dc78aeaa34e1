import type { Locale } from './locale.ts';
import type { MtCapabilities, MtFormality } from './ports/mt-provider.ts';

/** Whether `capabilities.formality` accepts `value` for `locale`, looked up by the full tag, then its base language. */
export function acceptsFormality(capabilities: Pick<MtCapabilities, 'formality'>, locale: Locale, value: MtFormality): boolean {
  const table = capabilities.formality;
  const values = table[locale] ?? table[locale.toLowerCase()] ?? table[baseLanguage(locale)];
  return values?.includes(value) ?? false;
}

/** The provider's code for one of our locales (`capabilities.languageMap`), or the locale unchanged. */
export function providerLocale(capabilities: Pick<MtCapabilities, 'languageMap'>, locale: Locale): string {
  return capabilities.languageMap[locale.toLowerCase()] ?? locale;
}

/** `zh-Hans` → `zh`. */
export function baseLanguage(locale: Locale): string {
  return locale.split('-')[0]!.toLowerCase();
}
