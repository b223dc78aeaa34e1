import type { Request, Response } from 'express';
import type { TFunction } from 'i18next';
import type { User } from '../services/auth.ts';
import { type HtmlValue, localPath, type SafeHtml } from './html.ts';
import { UI_LANGUAGES } from './i18n.ts';
import { layout } from './views/layout.ts';

/** What every view gets: translation function, UI language, who is logged in, the CSRF token, the current path. */
export interface PageContext {
  readonly t: TFunction;
  readonly lng: string;
  readonly user: User | undefined;
  readonly csrfToken: string;
  /**
   * A page to come back to (language switch, "come back here" links): path and query of the current request when it is
   * a GET for a page that exists; after a form post or on a 404, the page the person came from (same site), else `/`.
   */
  readonly url: string;
  readonly uiLanguages: readonly string[];
}

/** Texts of `t` calls by app, then `language\0key\0options`: resources do not change while an app runs. */
const keyTexts = new WeakMap<object, Map<string, string>>();

/** Most texts remembered per app: options carry numbers and names, so the variety is bounded here, oldest dropped. */
const MAX_TEXTS = 5_000;

/** The options of a call as part of a memo key, or null when a value is not a string, number or boolean. */
function optionsKey(options: unknown): string | null {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return null;
  for (const value of Object.values(options)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  }
  return JSON.stringify(options);
}

/**
 * `req.t` with calls remembered per app and language: key-only calls, and calls whose options are plain strings,
 * numbers and booleans (a `defaultValue`, a count, a name), which give the same text every time. A page asks for the
 * same labels once per row, and i18next resolves (and interpolates) each call afresh. Other calls go to `req.t`.
 */
function rememberingT(req: Request): TFunction {
  const t = req.t as unknown as (key: string, options?: object) => unknown;
  let texts = keyTexts.get(req.app);
  if (!texts) keyTexts.set(req.app, (texts = new Map()));
  const known = texts;
  const remembering = (key: unknown, ...rest: unknown[]): unknown => {
    const options = rest.length === 0 ? '' : rest.length === 1 ? optionsKey(rest[0]) : null;
    if (options === null || typeof key !== 'string') return (req.t as unknown as (...args: unknown[]) => unknown)(key, ...rest);
    const id = `${req.language}\u0000${key}\u0000${options}`;
    let text = known.get(id);
    if (text === undefined) {
      const value = rest.length === 0 ? t(key) : t(key, rest[0] as object);
      if (typeof value !== 'string') return value;
      if (known.size >= MAX_TEXTS) known.delete(known.keys().next().value as string);
      known.set(id, (text = value));
    }
    return text;
  };
  return remembering as unknown as TFunction;
}

/** The same-site page the request came from (its Referer's path and query), or `/`. */
export function refererPath(req: Request): string {
  const referer = req.get('referer');
  if (!referer) return '/';
  try {
    const from = new URL(referer);
    return from.host === req.get('host') ? localPath(from.pathname + from.search) : '/';
  } catch {
    return '/';
  }
}

function returnPath(req: Request, res: Response): string {
  const here = req.method === 'GET' || req.method === 'HEAD';
  return here && res.statusCode !== 404 ? req.originalUrl : refererPath(req);
}

export function pageContext(req: Request, res: Response): PageContext {
  let t = res.locals.pageT as TFunction | undefined;
  if (!t) res.locals.pageT = t = rememberingT(req);
  return {
    t,
    lng: req.language,
    user: res.locals.user,
    csrfToken: res.locals.csrfToken ?? '',
    url: returnPath(req, res),
    uiLanguages: UI_LANGUAGES,
  };
}

export interface Page {
  /** Shown in the tab title and as the page's `<h1>` unless `heading` is false. */
  readonly title: string;
  readonly body: HtmlValue;
  readonly status?: number;
  /** Set false when the body brings its own `<h1>`. */
  readonly heading?: boolean;
}

/** Send a full HTML page in the shared layout (nav, language switcher, logout). */
export function sendPage(req: Request, res: Response, page: Page): void {
  // The status first: the layout's way back depends on it (a 404 is no page to come back to).
  res.status(page.status ?? 200);
  const document: SafeHtml = layout(pageContext(req, res), page);
  res.type('html').send(document.toString());
}

/**
 * `text` as UTF-8, for a buffer that lives as long as one response. Buffer.from(string) measures the encoded length
 * before encoding, which on a page of Korean text cost more than the encoding itself (Node 20): writing into a buffer
 * of the worst-case size (3 bytes per UTF-16 unit) and cutting it is several times faster. The cut keeps the whole
 * allocation alive, so nothing cached should be made this way.
 */
export function responseBytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafe(text.length * 3);
  return bytes.subarray(0, bytes.write(text));
}

/**
 * `sendPage` for a page whose body holds `hole` exactly once, sent with `parts` (UTF-8, e.g. cached fragments) in its
 * place: only the rest of the page is encoded for this request. Throws when `hole` is missing or repeated (a bug).
 */
export function sendPageParts(req: Request, res: Response, page: Page, hole: string, parts: readonly Buffer[]): void {
  res.status(page.status ?? 200);
  const document = layout(pageContext(req, res), page).toString();
  const at = document.indexOf(hole);
  if (at < 0 || document.includes(hole, at + hole.length)) throw new Error(`render: the page must hold its hole once (${page.title})`);
  const head = responseBytes(document.slice(0, at));
  const tail = responseBytes(document.slice(at + hole.length));
  res.type('html').send(Buffer.concat([head, ...parts, tail]));
}
