import type { Request, Response } from 'express';
import type { TFunction } from 'i18next';
import type { User } from '../services/auth.ts';
import type { HtmlValue, SafeHtml } from './html.ts';
import { UI_LANGUAGES } from './i18n.ts';
import { layout } from './views/layout.ts';

/** What every view gets: translation function, UI language, who is logged in, the CSRF token, the current path. */
export interface PageContext {
  readonly t: TFunction;
  readonly lng: string;
  readonly user: User | undefined;
  readonly csrfToken: string;
  /** Path and query of the current request, for "come back here" links and forms. */
  readonly url: string;
  readonly uiLanguages: readonly string[];
}

export function pageContext(req: Request, res: Response): PageContext {
  return {
    t: req.t,
    lng: req.language,
    user: res.locals.user,
    csrfToken: res.locals.csrfToken ?? '',
    url: req.originalUrl,
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
  const document: SafeHtml = layout(pageContext(req, res), page);
  res
    .status(page.status ?? 200)
    .type('html')
    .send(document.toString());
}
