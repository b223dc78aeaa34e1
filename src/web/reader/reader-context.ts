import type { Locale } from '../../core/locale.ts';
import type { ReaderService } from '../../services/reader.ts';
import type { AppDeps } from '../deps.ts';
import { createReaderI18n, type ReaderI18n } from './reader-i18n.ts';
import type { ReaderContext } from './views.ts';

/** Matches the defaults of HOST and PORT, for apps built without a configured public URL. */
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:3000';

export interface ReaderRouterConfig {
  /** Origin plus optional path prefix, no trailing slash, that starts every absolute URL (default DEFAULT_PUBLIC_URL). */
  readonly publicUrl?: string;
  readonly localesDir?: string;
  readonly onMissingKey?: (lng: string, ns: string, key: string) => void;
}

/** The reader site's strings and the context every reader page is rendered with, in each site language. */
export interface ReaderSite {
  readonly i18n: ReaderI18n;
  contextFor(locale: Locale): ReaderContext;
}

/** The reader site's settings from the app's web configuration. */
export function readerConfigOf(deps: AppDeps): ReaderRouterConfig {
  return {
    ...(deps.config?.publicUrl ? { publicUrl: deps.config.publicUrl } : {}),
    ...(deps.config?.localesDir ? { localesDir: deps.config.localesDir } : {}),
    ...(deps.config?.onMissingKey ? { onMissingKey: deps.config.onMissingKey } : {}),
  };
}

/** Build the reader site's i18n and page context (the reader router and the editor's preview render with it). */
export function readerSite(reader: ReaderService, config: ReaderRouterConfig = {}): ReaderSite {
  const i18n = createReaderI18n({
    locales: reader.locales,
    ...(config.localesDir ? { localesDir: config.localesDir } : {}),
    ...(config.onMissingKey ? { onMissingKey: config.onMissingKey } : {}),
  });
  // Absolute URLs come from configuration only: a forged Host header must not reach canonical links, feeds or caches.
  const publicUrl = (config.publicUrl ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, '');
  return { i18n, contextFor: (locale) => ({ locale, t: i18n.t(locale), publicUrl, locales: reader.locales }) };
}
