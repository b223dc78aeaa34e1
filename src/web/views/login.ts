import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../render.ts';
import { csrfField } from './forms.ts';

export interface LoginView {
  readonly name?: string;
  readonly next?: string;
  /** i18n key of the message to show above the form. */
  readonly errorKey?: string;
  /** Values for the message's placeholders (`count`). */
  readonly errorValues?: Readonly<Record<string, unknown>>;
}

export function loginView(ctx: PageContext, view: LoginView = {}): SafeHtml {
  return html`<form class="login-form" method="post" action="/login" novalidate>
    ${view.errorKey ? html`<p class="message error" role="alert" id="login-error">${ctx.t(view.errorKey, view.errorValues ?? {})}</p>` : ''}
    ${csrfField(ctx)}
    <input type="hidden" name="next" value="${view.next ?? '/'}">
    <p><label for="login-name">${ctx.t('auth:login.name')}</label>
      <input id="login-name" name="name" autocomplete="username" required maxlength="64" value="${view.name ?? ''}"
        autocapitalize="none" spellcheck="false"${view.name ? '' : html` autofocus`}${view.errorKey ? html` aria-describedby="login-error"` : ''}></p>
    <p><label for="login-password">${ctx.t('auth:login.password')}</label>
      <input id="login-password" name="password" type="password" autocomplete="current-password" required maxlength="256"${view.name ? html` autofocus` : ''}></p>
    <p><button type="submit" class="primary">${ctx.t('auth:login.submit')}</button></p>
  </form>`;
}
