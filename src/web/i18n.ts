import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';
import { LanguageDetector } from 'i18next-http-middleware';
import type { Request, RequestHandler, Response } from 'express';
import { ConfigError } from '../core/errors.ts';
import { parseCookies } from './cookies.ts';

/** Languages of the review UI (every UI namespace ships complete in each). The reader site adds more for its namespace. */
export const UI_LANGUAGES = ['ko', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
export const DEFAULT_UI_LANGUAGE: UiLanguage = 'ko';
export const DEFAULT_NAMESPACE = 'common';
export const LANGUAGE_COOKIE = 'tandem_lng';
export const DEFAULT_LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url));

/** Plural forms differ per language (`_one` exists in en, not in ko), so key sets are compared without them. */
const PLURAL_SUFFIX = /_(?:zero|one|two|few|many|other)$/;

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/** Every `locales/<lng>/<ns>.json`, read synchronously at start-up: `{ lng: { ns: {…} } }`. */
export function loadLocaleResources(dir: string = DEFAULT_LOCALES_DIR): Resource {
  const resources: Resource = {};
  for (const lng of readdirSync(dir).sort()) {
    const lngDir = join(dir, lng);
    if (!statSync(lngDir).isDirectory()) continue;
    for (const file of readdirSync(lngDir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const path = join(lngDir, file);
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, 'utf8'));
      } catch (cause) {
        throw new ConfigError(`i18n: ${path} is not valid JSON; fix the file`, { cause });
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new ConfigError(`i18n: ${path} must hold a JSON object of keys to strings`);
      }
      (resources[lng] ??= {})[file.slice(0, -'.json'.length)] = parsed as Record<string, string>;
    }
  }
  return resources;
}

/** Flattened keys of one namespace (`nav.queue`), plural suffixes removed. */
export function flattenKeys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    for (const k of typeof value === 'object' && value !== null ? flattenKeys(value, path) : [path]) keys.add(k.replace(PLURAL_SUFFIX, ''));
  }
  return [...keys].sort();
}

/** Parse Accept-Language into tags by descending quality. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((e) => e.tag && e.tag !== '*' && e.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map((e) => e.tag);
}

function uiLanguageOf(tag: string | undefined, languages: readonly string[]): string | undefined {
  if (!tag) return undefined;
  const primary = tag.toLowerCase().split('-')[0];
  return languages.find((l) => l === tag || l === primary);
}

export interface I18nConfig {
  readonly localesDir?: string;
  readonly uiLanguages?: readonly string[];
  readonly defaultLanguage?: string;
  /** Called for a key missing in the current language (tests fail on it, production logs it). */
  readonly onMissingKey?: (lng: string, ns: string, key: string) => void;
}

/**
 * One i18next instance for the web layer. Every language directory is loaded (the reader site's ja/zh-Hans too), but
 * the UI language of a request is picked among `uiLanguages` only: the user's saved preference, then the language
 * cookie, then Accept-Language, then the default.
 */
export function createI18n(config: I18nConfig = {}): i18n {
  const resources = loadLocaleResources(config.localesDir);
  const uiLanguages = config.uiLanguages ?? UI_LANGUAGES;
  const fallback = config.defaultLanguage ?? DEFAULT_UI_LANGUAGE;
  for (const lng of uiLanguages) {
    if (!resources[lng]) throw new ConfigError(`i18n: no locales/${lng}/ directory for UI language ${lng}; add its JSON files`);
  }
  const detector = new LanguageDetector();
  detector.addDetector({
    name: 'tandemUser',
    lookup: (_req: Request, res: Response) => uiLanguageOf(res.locals.user?.uiLanguage, uiLanguages),
  });
  detector.addDetector({
    name: 'tandemCookie',
    lookup: (req: Request) => uiLanguageOf(parseCookies(req.headers.cookie)[LANGUAGE_COOKIE], uiLanguages),
  });
  detector.addDetector({
    name: 'tandemHeader',
    lookup: (req: Request) => {
      for (const tag of acceptedLanguages(req.headers['accept-language'])) {
        const found = uiLanguageOf(tag, uiLanguages);
        if (found) return found;
      }
      return undefined;
    },
  });
  const instance = i18next.createInstance();
  instance.use(detector);
  void instance.init({
    resources,
    initAsync: false,
    fallbackLng: fallback,
    supportedLngs: Object.keys(resources),
    ns: [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))],
    defaultNS: DEFAULT_NAMESPACE,
    // The html`` template escapes on output; escaping here too would double-escape.
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: config.onMissingKey !== undefined,
    missingKeyHandler: (lngs, ns, key) => config.onMissingKey?.(lngs.join(','), ns, key),
    detection: { order: ['tandemUser', 'tandemCookie', 'tandemHeader'], caches: false },
  });
  return instance;
}

/** What a request gets for one UI language: made once per language, shared by every request in it. */
interface LanguageBinding {
  readonly instance: i18n;
  readonly t: TFunction;
  readonly languages: string[];
}

/**
 * The UI's i18n middleware: detects the request's UI language as `createI18n` configured it (user, cookie,
 * Accept-Language, default) and sets what i18next-http-middleware's `handle` sets (`req.t`, `req.language`,
 * `req.languages`, `req.i18n`, `res.locals.language`, Content-Language). `handle` cloned the i18next instance on every
 * request, a tenth of a cached review page's time; here each UI language has one clone, set to it once. Nothing changes
 * a request's language after detection (the language switch sets a cookie and redirects), so sharing is safe.
 * `pathLocale`: a first path segment that is a UI language wins (the reader site's `/en/…`), for the error page of a
 * request that failed before this middleware ran (errors.ts).
 */
export function i18nMiddleware(instance: i18n, options: { readonly pathLocale?: boolean } = {}): RequestHandler {
  const bindings = new Map<string, LanguageBinding>();
  const fallback = [instance.options.fallbackLng].flat()[0];
  const bindingOf = (lng: string): LanguageBinding => {
    let binding = bindings.get(lng);
    if (!binding) {
      const clone = instance.cloneInstance({ initAsync: false });
      void clone.changeLanguage(lng);
      binding = {
        instance: clone,
        t: clone.t.bind(clone) as TFunction,
        languages: instance.services.languageUtils.toResolveHierarchy(lng),
      };
      bindings.set(lng, binding);
    }
    return binding;
  };
  return (req, res, next) => {
    const inPath = options.pathLocale ? req.path.split('/')[1] : undefined;
    const detected: unknown =
      inPath && instance.hasResourceBundle(inPath, DEFAULT_NAMESPACE) ? inPath : instance.services.languageDetector?.detect(req, res);
    const lng = typeof detected === 'string' ? detected : typeof fallback === 'string' ? fallback : DEFAULT_UI_LANGUAGE;
    const binding = bindingOf(lng);
    req.language = lng;
    req.languages = binding.languages;
    req.i18n = binding.instance;
    req.t = binding.t;
    res.locals.language = lng;
    res.setHeader('Content-Language', lng);
    next();
  };
}
