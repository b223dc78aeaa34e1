import { LOCALE_BOUND_ROLES } from '../../core/roles.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../render.ts';

/** The landing page after login; later issues link their areas from here and from the nav. */
export function homeView(ctx: PageContext): SafeHtml {
  const user = ctx.user!;
  const locales = !LOCALE_BOUND_ROLES.includes(user.role)
    ? ctx.t('common:home.allLocales')
    : user.locales.length > 0
      ? user.locales.join(', ')
      : ctx.t('common:home.noLocales');
  return html`<p>${ctx.t('common:home.welcome', { name: user.name })}</p>
  <dl class="facts">
    <dt>${ctx.t('common:home.role')}</dt><dd>${ctx.t(`common:roles.${user.role}`)}</dd>
    <dt>${ctx.t('common:home.locales')}</dt><dd>${locales}</dd>
  </dl>`;
}
