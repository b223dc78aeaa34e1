import type { ConfidentialTermRecord } from '../../../core/ports/mt-store.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { csrfField } from '../forms.ts';
import { type FormRefusal, messages } from './parts.ts';

/** The add form as typed. */
export interface ConfidentialForm {
  readonly term: string;
  readonly render: string;
  /** Empty for a global term. */
  readonly slug: string;
}

export interface ConfidentialView {
  readonly global: readonly ConfidentialTermRecord[];
  /** The article whose own list is shown, when one was chosen. */
  readonly slug?: string;
  readonly article: readonly ConfidentialTermRecord[];
  readonly form: ConfidentialForm;
  readonly notice?: string;
  readonly refusal?: FormRefusal;
}

function termTable(ctx: PageContext, caption: string, terms: readonly ConfidentialTermRecord[], slug?: string): SafeHtml {
  if (terms.length === 0) return html`<h2>${caption}</h2><p class="message">${ctx.t('admin:confidential.none')}</p>`;
  return html`<h2>${caption}</h2><div class="table-scroll"><table class="confidential">
    <thead><tr><th scope="col">${ctx.t('admin:confidential.term')}</th><th scope="col">${ctx.t('admin:confidential.render')}</th>
    <th scope="col">${ctx.t('admin:confidential.added')}</th><th scope="col">${ctx.t('admin:actions')}</th></tr></thead>
    <tbody>${terms.map(
      (
        t,
      ) => html`<tr><th scope="row">${t.term}</th><td>${t.render ?? html`<span class="hint">${ctx.t('admin:confidential.restored')}</span>`}</td>
      <td>${t.addedBy}, <time datetime="${t.addedAt}">${t.addedAt.slice(0, 10)}</time></td>
      <td><form method="post" action="/confidential/remove" data-confirm="${ctx.t('admin:confidential.confirmRemove', { term: t.term })}">${csrfField(ctx)}
        <input type="hidden" name="term" value="${t.term}">${slug ? html`<input type="hidden" name="slug" value="${slug}">` : ''}
        <button type="submit" class="link-button">${ctx.t('admin:delete')}<span class="visually-hidden"> ${t.term}</span></button>
      </form></td></tr>`,
    )}</tbody></table></div>`;
}

/** Confidential terms: the global list, one article's own list, and the form to add to either. */
export function confidentialView(ctx: PageContext, view: ConfidentialView): SafeHtml {
  const f = view.form;
  return html`${messages(view.notice, undefined)}
  <p class="hint">${ctx.t('admin:confidential.intro')}</p>
  <form method="get" action="/confidential" class="filters" role="search">
    <p><label for="confidential-article">${ctx.t('admin:confidential.article')}</label>
    <input id="confidential-article" name="slug" value="${view.slug ?? ''}" maxlength="200" autocapitalize="none" spellcheck="false"></p>
    <p><button type="submit">${ctx.t('admin:show')}</button></p>
  </form>
  ${termTable(ctx, ctx.t('admin:confidential.global'), view.global)}
  ${view.slug ? termTable(ctx, ctx.t('admin:confidential.ofArticle', { slug: view.slug }), view.article, view.slug) : ''}
  <section aria-labelledby="confidential-add"><h2 id="confidential-add">${ctx.t('admin:confidential.add')}</h2>
  ${messages(undefined, view.refusal)}
  <form method="post" action="/confidential">${csrfField(ctx)}
    <p><label for="confidential-term">${ctx.t('admin:confidential.term')}</label>
    <input id="confidential-term" name="term" required maxlength="400" value="${f.term}"></p>
    <p><label for="confidential-render">${ctx.t('admin:confidential.render')}</label>
    <input id="confidential-render" name="render" maxlength="400" value="${f.render}" aria-describedby="confidential-render-hint">
    <span class="hint" id="confidential-render-hint">${ctx.t('admin:confidential.renderHint')}</span></p>
    <p><label for="confidential-slug">${ctx.t('admin:confidential.scope')}</label>
    <input id="confidential-slug" name="slug" maxlength="200" value="${f.slug}" autocapitalize="none" spellcheck="false" aria-describedby="confidential-slug-hint">
    <span class="hint" id="confidential-slug-hint">${ctx.t('admin:confidential.scopeHint')}</span></p>
    <p><button type="submit" class="primary">${ctx.t('admin:confidential.addButton')}</button></p>
  </form></section>`;
}
