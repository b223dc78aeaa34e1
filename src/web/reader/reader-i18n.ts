import i18next, { type i18n, type Resource, type TFunction } from 'i18next';
import { LanguageDetector } from 'i18next-http-middleware';
import type { Request, Response } from 'express';
import type { Locale } from '../../core/locale.ts';
import { loadLocaleResources } from '../i18n.ts';

export const READER_NAMESPACE = 'reader';
/** The cookie the language switcher sets; the detector reads it after the path. */
export const READER_LANGUAGE_COOKIE = 'lng';

export interface ReaderI18nConfig {
  /** The site's languages, source language first (it is the fallback). */
  readonly locales: readonly Locale[];
  readonly localesDir?: string;
  readonly onMissingKey?: (lng: string, ns: string, key: string) => void;
}

export interface ReaderI18n {
  readonly i18n: i18n;
  /** The reader's language for `/`: the path, then the `lng` cookie, then Accept-Language, then the source language. */
  detect(req: Request, res: Response): Locale;
  /** Strings of the reader namespace in one language. */
  t(locale: Locale): TFunction;
}

/**
 * A separate i18next instance for the reader site: it speaks every site language (the review UI speaks fewer) and
 * detects with i18next-http-middleware's own lookups in the order the site promises.
 */
export function createReaderI18n(config: ReaderI18nConfig): ReaderI18n {
  const all = loadLocaleResources(config.localesDir);
  const resources: Resource = {};
  for (const locale of config.locales) {
    const strings = all[locale]?.[READER_NAMESPACE];
    if (strings) resources[locale] = { [READER_NAMESPACE]: strings };
  }
  const fallback = config.locales[0] ?? 'ko';
  const detector = new LanguageDetector();
  const instance = i18next.createInstance();
  instance.use(detector);
  void instance.init({
    resources,
    initAsync: false,
    fallbackLng: fallback,
    supportedLngs: [...config.locales],
    nonExplicitSupportedLngs: false,
    ns: [READER_NAMESPACE],
    defaultNS: READER_NAMESPACE,
    // The html`` template escapes on output; escaping here too would double-escape.
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: config.onMissingKey !== undefined,
    missingKeyHandler: (lngs, ns, key) => config.onMissingKey?.(lngs.join(','), ns, key),
    detection: {
      order: ['path', 'cookie', 'header'],
      lookupFromPathIndex: 0,
      lookupCookie: READER_LANGUAGE_COOKIE,
      caches: false,
      ignoreCase: true,
    },
  });
  const fixed = new Map(config.locales.map((l) => [l, instance.getFixedT(l, READER_NAMESPACE)]));
  return {
    i18n: instance,
    detect(req, res) {
      // The typings say void; the detector returns the best supported match (or the fallback).
      const found = detector.detect(req, res, ['path', 'cookie', 'header']) as unknown as string | string[] | undefined;
      const tag = Array.isArray(found) ? found[0] : found;
      return config.locales.find((l) => l.toLowerCase() === String(tag ?? '').toLowerCase()) ?? fallback;
    },
    t: (locale) => fixed.get(locale) ?? instance.getFixedT(fallback, READER_NAMESPACE),
  };
}
