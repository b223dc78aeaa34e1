import { ROLES } from '../../core/roles.ts';
import type { User } from '../../services/auth.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../render.ts';
import { csrfField } from './forms.ts';

export interface UsersView {
  readonly users: readonly User[];
  readonly targetLocales: readonly string[];
  /** Shown once after creating a user or resetting a password. */
  readonly issued?: { readonly name: string; readonly password: string };
  /** A refused change, already translated, shown above the table. */
  readonly refusal?: string;
}

function roleSelect(ctx: PageContext, id: string, selected: string): SafeHtml {
  return html`<select id="${id}" name="role">${ROLES.map(
    (role) => html`<option value="${role}"${role === selected ? html` selected` : ''}>${ctx.t(`common:roles.${role}`)}</option>`,
  )}</select>`;
}

function localeChecks(ctx: PageContext, prefix: string, locales: readonly string[], chosen: readonly string[]): SafeHtml {
  return html`<fieldset class="inline"><legend>${ctx.t('users:fields.locales')}</legend>${locales.map(
    (l) =>
      html`<label class="check"><input type="checkbox" name="locales" value="${l}"${chosen.includes(l) ? html` checked` : ''} id="${prefix}-${l}"> ${l}</label>`,
  )}</fieldset>`;
}

/** Admin page: every account with role and locales, forms to change them, reset a password, add a user. */
export function usersView(ctx: PageContext, view: UsersView): SafeHtml {
  return html`${view.refusal ? html`<p class="message error" role="alert">${view.refusal}</p>` : ''}${
    view.issued
      ? html`<p class="message" role="status">${ctx.t('users:issued', { name: view.issued.name })} <code class="secret">${view.issued.password}</code></p>`
      : ''
  }
  <table class="users">
    <caption class="visually-hidden">${ctx.t('users:title')}</caption>
    <thead><tr><th scope="col">${ctx.t('users:fields.name')}</th><th scope="col">${ctx.t('users:fields.role')}</th><th scope="col">${ctx.t('users:actions')}</th></tr></thead>
    <tbody>${view.users.map(
      (u) => html`<tr>
        <th scope="row">${u.name}</th>
        <td>
          <form method="post" action="/users/${encodeURIComponent(u.name)}/role">${csrfField(ctx)}
            <label class="visually-hidden" for="role-${u.id}">${ctx.t('users:fields.role')}</label>${roleSelect(ctx, `role-${u.id}`, u.role)}
            ${localeChecks(ctx, u.id, view.targetLocales, u.locales)}
            <button type="submit">${ctx.t('users:save')}</button>
          </form>
        </td>
        <td>
          <form method="post" action="/users/${encodeURIComponent(u.name)}/password" data-confirm="${ctx.t('users:confirmReset', { name: u.name })}">${csrfField(ctx)}
            <button type="submit">${ctx.t('users:resetPassword')}</button>
          </form>
        </td>
      </tr>`,
    )}</tbody>
  </table>
  <h2>${ctx.t('users:add')}</h2>
  <form method="post" action="/users" class="add-user">${csrfField(ctx)}
    <p><label for="new-name">${ctx.t('users:fields.name')}</label><input id="new-name" name="name" required maxlength="32" pattern="[a-z0-9][a-z0-9._\\-]{1,31}" autocapitalize="none" spellcheck="false"></p>
    <p><label for="new-role">${ctx.t('users:fields.role')}</label>${roleSelect(ctx, 'new-role', 'translator')}</p>
    ${localeChecks(ctx, 'new', view.targetLocales, [])}
    <p><button type="submit" class="primary">${ctx.t('users:add')}</button></p>
  </form>`;
}
