import type { MemoryEntry } from '../../../core/ports/translation-memory-store.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { csrfField, uploadAction } from '../forms.ts';
import { type FormRefusal, messages, pager, query } from './parts.ts';

export const SEARCH_FIELDS = ['both', 'source', 'target'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export interface MemoryView {
  readonly from: string;
  readonly to: string;
  readonly targetLocales: readonly string[];
  readonly q: string;
  readonly in: SearchField;
  /** One page of concordance hits, newest first; null before a search. */
  readonly hits: readonly MemoryEntry[] | null;
  readonly page: number;
  /** Whether a next page exists, and whether it would be past the last one shown (refine the search then). */
  readonly more: boolean;
  readonly capped: boolean;
  readonly canManage: boolean;
  readonly notice?: string;
  /** A refused import, shown beside its form. */
  readonly refusal?: FormRefusal;
  /** A refused search, shown above the results. */
  readonly searchRefusal?: FormRefusal;
}

function searchForm(ctx: PageContext, view: MemoryView): SafeHtml {
  return html`<form method="get" action="/memory" class="filters" role="search">
    <input type="hidden" name="from" value="${view.from}">
    <p><label for="memory-to">${ctx.t('admin:memory.pair', { from: view.from })}</label>
    <select id="memory-to" name="to">${view.targetLocales.map(
      (l) => html`<option value="${l}"${l === view.to ? html` selected` : ''}>${view.from} → ${l}</option>`,
    )}</select></p>
    <p><label for="memory-q">${ctx.t('admin:memory.search')}</label>
    <input id="memory-q" type="search" name="q" value="${view.q}" maxlength="500" required></p>
    <p><label for="memory-in">${ctx.t('admin:memory.in')}</label>
    <select id="memory-in" name="in">${SEARCH_FIELDS.map(
      (f) => html`<option value="${f}"${f === view.in ? html` selected` : ''}>${ctx.t(`admin:memory.fields.${f}`)}</option>`,
    )}</select></p>
    <p><button type="submit">${ctx.t('admin:memory.find')}</button></p>
  </form>`;
}

function origin(ctx: PageContext, e: MemoryEntry): SafeHtml {
  const where = e.slug
    ? html`<a href="/review/${encodeURIComponent(e.slug)}/${encodeURIComponent(e.targetLocale)}">${e.slug}</a>`
    : ctx.t('admin:memory.imported');
  return html`${where}, <time datetime="${e.approvedAt}">${e.approvedAt.slice(0, 10)}</time>${e.approvedBy ? html`, ${e.approvedBy}` : ''}`;
}

/** The delete button of one entry, with a confirmation; the search comes back after the redirect. */
function deleteForm(ctx: PageContext, view: MemoryView, e: MemoryEntry): SafeHtml {
  return html`<form method="post" action="/memory/delete" data-confirm="${ctx.t('admin:memory.confirmDelete', { source: e.source, target: e.target })}">${csrfField(ctx)}
    <input type="hidden" name="id" value="${e.id}"><input type="hidden" name="from" value="${view.from}"><input type="hidden" name="to" value="${view.to}">
    <input type="hidden" name="q" value="${view.q}"><input type="hidden" name="in" value="${view.in}"><input type="hidden" name="page" value="${view.page}">
    <button type="submit" class="link-button">${ctx.t('admin:delete')}<span class="visually-hidden"> ${e.target}</span></button>
  </form>`;
}

function results(ctx: PageContext, view: MemoryView): SafeHtml | '' {
  if (view.hits === null) return html`<p class="hint">${ctx.t('admin:memory.intro')}</p>`;
  if (view.hits.length === 0) return html`<p class="message" role="status">${ctx.t('admin:memory.noMatch', { q: view.q })}</p>`;
  const keep = { from: view.from, to: view.to, q: view.q, in: view.in };
  return html`<div class="table-scroll"><table class="memory">
    <caption>${ctx.t('admin:memory.results', { q: view.q })}</caption>
    <thead><tr><th scope="col">${ctx.t('admin:memory.source')}</th><th scope="col">${ctx.t('admin:memory.target')}</th>
    <th scope="col">${ctx.t('admin:memory.origin')}</th>${view.canManage ? html`<th scope="col">${ctx.t('admin:memory.actions')}</th>` : ''}</tr></thead>
    <tbody>${view.hits.map(
      (e) =>
        html`<tr id="${e.id}"><td lang="${e.sourceLocale}">${e.source}</td><td lang="${e.targetLocale}">${e.target}</td><td>${origin(ctx, e)}</td>${
          view.canManage ? html`<td class="actions">${deleteForm(ctx, view, e)}</td>` : ''
        }</tr>`,
    )}</tbody></table></div>
    ${view.capped ? html`<p class="hint">${ctx.t('admin:memory.capped')}</p>` : ''}
    ${pager(ctx, view.page, view.more ? view.page + 1 : view.page, (page) => `/memory${query({ ...keep, page })}`)}`;
}

function importForm(ctx: PageContext, view: MemoryView): SafeHtml {
  return html`<section aria-labelledby="memory-import"><h2 id="memory-import">${ctx.t('admin:memory.importTitle')}</h2>
  ${messages(undefined, view.refusal)}
  <p class="hint">${ctx.t('admin:memory.importHint')}</p>
  <form method="post" action="${uploadAction(ctx, '/memory/import')}" enctype="multipart/form-data">
    <input type="hidden" name="from" value="${view.from}"><input type="hidden" name="to" value="${view.to}">
    <p><label for="memory-file">${ctx.t('admin:memory.file')}</label>
    <input id="memory-file" type="file" name="file" accept=".tmx,application/x-tmx+xml,text/xml" required></p>
    <p><button type="submit">${ctx.t('admin:memory.import')}</button></p>
  </form></section>`;
}

/** Translation memory: concordance search over one language pair, TMX export, and for editors TMX import and deleting entries. */
export function memoryView(ctx: PageContext, view: MemoryView): SafeHtml {
  return html`${messages(view.notice, view.searchRefusal)}
  ${searchForm(ctx, view)}
  <p><a href="/memory/export.tmx${query({ from: view.from, to: view.to })}" download>${ctx.t('admin:memory.export', { from: view.from, to: view.to })}</a></p>
  ${results(ctx, view)}
  ${view.canManage ? importForm(ctx, view) : ''}`;
}
