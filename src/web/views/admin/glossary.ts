import { GLOSSARY_FILE_MAX_BYTES, type GlossaryEntry } from '../../../services/glossary.ts';
import type { GlossaryPage } from '../../../services/glossary-entries.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { csrfField, fileLimit, uploadAction } from '../forms.ts';
import { type FormRefusal, messages, pager, query } from './parts.ts';

/** What the entry form shows: an entry being added or edited, as typed. */
export interface GlossaryEntryForm {
  readonly was?: string;
  readonly source: string;
  readonly target: string;
  readonly forbidden: string;
  readonly note: string;
  readonly caseSensitive: boolean;
}

export interface GlossaryView {
  readonly from: string;
  readonly to: string;
  readonly targetLocales: readonly string[];
  readonly q: string;
  readonly list: GlossaryPage;
  /** Editors and admins: the forms to add, edit, delete and import. */
  readonly canManage: boolean;
  readonly form: GlossaryEntryForm;
  readonly notice?: string;
  /** A refused entry form (shown beside it) or import (beside the import form). */
  readonly refusal?: { readonly form: 'entry' | 'import'; readonly refusal: FormRefusal };
  readonly importMode: 'merge' | 'replace';
}

export const EMPTY_ENTRY: GlossaryEntryForm = { source: '', target: '', forbidden: '', note: '', caseSensitive: false };

/** The entry as the edit form starts: its stored values. */
export function entryForm(entry: GlossaryEntry): GlossaryEntryForm {
  return {
    was: entry.source,
    source: entry.source,
    target: entry.target,
    forbidden: (entry.forbidden ?? []).join(' | '),
    note: entry.note ?? '',
    caseSensitive: entry.caseSensitive === true,
  };
}

function pairForm(ctx: PageContext, view: GlossaryView): SafeHtml {
  return html`<form method="get" action="/glossary" class="filters" role="search">
    <input type="hidden" name="from" value="${view.from}">
    <p><label for="glossary-to">${ctx.t('admin:glossary.pair', { from: view.from })}</label>
    <select id="glossary-to" name="to">${view.targetLocales.map(
      (l) => html`<option value="${l}"${l === view.to ? html` selected` : ''}>${view.from} → ${l}</option>`,
    )}</select></p>
    <p><label for="glossary-q">${ctx.t('admin:glossary.search')}</label>
    <input id="glossary-q" type="search" name="q" value="${view.q}" maxlength="200"></p>
    <p><button type="submit">${ctx.t('admin:show')}</button></p>
  </form>`;
}

function entryRow(ctx: PageContext, view: GlossaryView, e: GlossaryEntry): SafeHtml {
  const pair = { from: view.from, to: view.to };
  return html`<tr>
    <th scope="row" lang="${view.from}">${e.source}</th>
    <td lang="${view.to}">${e.target}${e.caseSensitive ? html` <span class="hint">(${ctx.t('admin:glossary.caseSensitive')})</span>` : ''}</td>
    <td lang="${view.to}">${(e.forbidden ?? []).join(' | ')}</td>
    <td>${e.note ?? ''}</td>
    ${
      view.canManage
        ? html`<td class="actions">
      <a href="/glossary${query({ ...pair, q: view.q, page: view.list.page, edit: e.source })}#entry-form">${ctx.t('admin:edit')}<span class="visually-hidden"> ${e.source}</span></a>
      <form method="post" action="/glossary/entries/delete" data-confirm="${ctx.t('admin:glossary.confirmDelete', { term: e.source })}">${csrfField(ctx)}
        <input type="hidden" name="from" value="${view.from}"><input type="hidden" name="to" value="${view.to}">
        <input type="hidden" name="source" value="${e.source}">
        <button type="submit" class="link-button">${ctx.t('admin:delete')}<span class="visually-hidden"> ${e.source}</span></button>
      </form></td>`
        : ''
    }
  </tr>`;
}

function entryFormView(ctx: PageContext, view: GlossaryView): SafeHtml {
  const f = view.form;
  const editing = f.was !== undefined;
  const refusal = view.refusal?.form === 'entry' ? view.refusal.refusal : undefined;
  return html`<section id="entry-form" aria-labelledby="entry-form-title">
  <h2 id="entry-form-title">${editing ? ctx.t('admin:glossary.editTitle', { term: f.was }) : ctx.t('admin:glossary.addTitle')}</h2>
  ${messages(undefined, refusal)}
  <form method="post" action="/glossary/entries" class="entry-form">${csrfField(ctx)}
    <input type="hidden" name="from" value="${view.from}"><input type="hidden" name="to" value="${view.to}">
    ${editing ? html`<input type="hidden" name="was" value="${f.was}">` : ''}
    <p><label for="entry-source">${ctx.t('admin:glossary.source')}</label>
    <input id="entry-source" name="source" lang="${view.from}" required maxlength="500" value="${f.source}"></p>
    <p><label for="entry-target">${ctx.t('admin:glossary.target')}</label>
    <input id="entry-target" name="target" lang="${view.to}" required maxlength="500" value="${f.target}"></p>
    <p><label for="entry-forbidden">${ctx.t('admin:glossary.forbidden')}</label>
    <input id="entry-forbidden" name="forbidden" lang="${view.to}" maxlength="2000" value="${f.forbidden}" aria-describedby="entry-forbidden-hint">
    <span class="hint" id="entry-forbidden-hint">${ctx.t('admin:glossary.forbiddenHint')}</span></p>
    <p><label for="entry-note">${ctx.t('admin:glossary.note')}</label>
    <textarea id="entry-note" name="note" rows="2" maxlength="2000">${f.note}</textarea></p>
    <p><label class="check"><input type="checkbox" name="case_sensitive" value="true"${f.caseSensitive ? html` checked` : ''}> ${ctx.t('admin:glossary.caseSensitive')}</label></p>
    <p><button type="submit" class="primary">${editing ? ctx.t('admin:save') : ctx.t('admin:glossary.add')}</button>
    ${editing ? html` <a href="/glossary${query({ from: view.from, to: view.to })}">${ctx.t('admin:cancel')}</a>` : ''}</p>
  </form></section>`;
}

function importForm(ctx: PageContext, view: GlossaryView): SafeHtml {
  const refusal = view.refusal?.form === 'import' ? view.refusal.refusal : undefined;
  return html`<section id="import-form" aria-labelledby="import-title">
  <h2 id="import-title">${ctx.t('admin:glossary.importTitle')}</h2>
  ${messages(undefined, refusal)}
  <p class="hint">${ctx.t('admin:glossary.importHint')}</p>
  <form method="post" action="${uploadAction(ctx, '/glossary/import', { from: view.from, to: view.to })}" enctype="multipart/form-data">
    <input type="hidden" name="from" value="${view.from}"><input type="hidden" name="to" value="${view.to}">
    <fieldset class="inline"><legend>${ctx.t('admin:glossary.mode')}</legend>
      <label class="check"><input type="radio" name="mode" value="merge"${view.importMode === 'merge' ? html` checked` : ''}> ${ctx.t('admin:glossary.merge')}</label>
      <label class="check"><input type="radio" name="mode" value="replace"${view.importMode === 'replace' ? html` checked` : ''}> ${ctx.t('admin:glossary.replace')}</label>
    </fieldset>
    <p><label for="glossary-file">${ctx.t('admin:glossary.file')}</label>
    <input id="glossary-file" type="file" name="file" accept=".csv,text/csv" required${fileLimit(ctx, GLOSSARY_FILE_MAX_BYTES)}></p>
    <p><button type="submit">${ctx.t('admin:glossary.import')}</button></p>
  </form></section>`;
}

/** The glossary of one language pair: search, one page of entries, and for editors the forms that change it. */
export function glossaryView(ctx: PageContext, view: GlossaryView): SafeHtml {
  const pair = { from: view.from, to: view.to };
  const list = view.list;
  return html`${messages(view.notice, undefined)}
  ${pairForm(ctx, view)}
  <p class="hint" role="status">${ctx.t('admin:glossary.count', { count: list.total })}
    <a href="/glossary/export.csv${query(pair)}" download>${ctx.t('admin:glossary.export')}</a></p>
  ${
    list.entries.length === 0
      ? html`<p class="message">${view.q ? ctx.t('admin:glossary.noMatch') : ctx.t('admin:glossary.empty')}</p>`
      : html`<div class="table-scroll"><table class="glossary">
    <caption class="visually-hidden">${ctx.t('admin:glossary.title')}</caption>
    <thead><tr><th scope="col">${ctx.t('admin:glossary.source')}</th><th scope="col">${ctx.t('admin:glossary.target')}</th>
    <th scope="col">${ctx.t('admin:glossary.forbidden')}</th><th scope="col">${ctx.t('admin:glossary.note')}</th>
    ${view.canManage ? html`<th scope="col">${ctx.t('admin:actions')}</th>` : ''}</tr></thead>
    <tbody>${list.entries.map((e) => entryRow(ctx, view, e))}</tbody></table></div>`
  }
  ${pager(ctx, list.page, list.pages, (page) => `/glossary${query({ ...pair, q: view.q, page })}`)}
  ${view.canManage ? html`${entryFormView(ctx, view)}${importForm(ctx, view)}` : ''}`;
}
