import { can, type Permission } from '../../core/roles.ts';
import { html, type HtmlValue, type SafeHtml } from '../html.ts';
import type { PageContext } from '../render.ts';
import { languageName } from '../intl-cache.ts';
import { csrfField } from './forms.ts';

/** Top navigation: one line per area; items show only to users whose role holds the permission. */
export const NAV_ITEMS: readonly { readonly href: string; readonly key: string; readonly permission: Permission }[] = [
  { href: '/', key: 'common:nav.home', permission: 'article.view' },
  { href: '/articles', key: 'review:nav.articles', permission: 'article.view' },
  { href: '/queue', key: 'review:nav.queue', permission: 'article.view' },
  { href: '/glossary', key: 'admin:nav.glossary', permission: 'article.view' },
  { href: '/memory', key: 'admin:nav.memory', permission: 'article.view' },
  { href: '/confidential', key: 'admin:nav.confidential', permission: 'glossary.manage' },
  { href: '/usage', key: 'admin:nav.usage', permission: 'mt.queue' },
  { href: '/users', key: 'common:nav.users', permission: 'users.manage' },
  { href: '/account/tokens', key: 'api:nav.tokens', permission: 'article.view' },
];

function languageSwitcher(ctx: PageContext): SafeHtml {
  return html`<form class="language-switcher" method="post" action="/language">
    ${csrfField(ctx)}<input type="hidden" name="back" value="${ctx.url}">
    <span class="visually-hidden" id="language-label">${ctx.t('common:language.label')}</span>
    <div role="group" aria-labelledby="language-label">
      ${ctx.uiLanguages.map(
        (lng) =>
          html`<button type="submit" name="lng" value="${lng}" lang="${lng}" aria-pressed="${lng === ctx.lng ? 'true' : 'false'}">${languageName(lng, lng)}</button>`,
      )}
    </div>
  </form>`;
}

function account(ctx: PageContext): SafeHtml {
  const user = ctx.user;
  if (!user) return html`<a class="login-link" href="/login">${ctx.t('auth:login.title')}</a>`;
  return html`<div class="account">
    <span class="account-name">${user.name}</span>
    <span class="account-role">${ctx.t(`common:roles.${user.role}`)}</span>
    <form method="post" action="/logout">${csrfField(ctx)}<button type="submit" class="link-button">${ctx.t('auth:logout')}</button></form>
  </div>`;
}

/** The whole document around a page body. No inline script or style: the CSP forbids both. */
export function layout(ctx: PageContext, page: { readonly title: string; readonly body: HtmlValue; readonly heading?: boolean }): SafeHtml {
  const user = ctx.user;
  const nav = user ? NAV_ITEMS.filter((item) => can(user.role, item.permission)) : [];
  const path = ctx.url.split('?')[0];
  return html`<!doctype html>
<html lang="${ctx.lng}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${ctx.csrfToken}">
<title>${page.title} · Tandem</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">${ctx.t('common:layout.skipToContent')}</a>
<header class="topbar">
  <a class="brand" href="/">Tandem</a>
  ${
    nav.length > 0
      ? html`<nav aria-label="${ctx.t('common:nav.label')}"><ul>${nav.map(
          (item) => html`<li><a href="${item.href}"${item.href === path ? html` aria-current="page"` : ''}>${ctx.t(item.key)}</a></li>`,
        )}</ul></nav>`
      : ''
  }
  <div class="topbar-end">${languageSwitcher(ctx)}${account(ctx)}</div>
</header>
<main id="main" tabindex="-1">
${page.heading === false ? '' : html`<h1>${page.title}</h1>`}
${page.body}
</main>
</body>
</html>`;
}
