import type { MtArticleProgress, MtReasonCount, MtRerunBudgetStatus } from '../../services/mt/index.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../render.ts';
import { utcTime } from './embargo.ts';
import { csrfField } from './forms.ts';
import { localeName } from './review/parts.ts';
import { numberFormat, relativeTimeFormat } from '../intl-cache.ts';
import { can } from '../../core/roles.ts';

/** What machine translation holds for the articles on a page, and (for editors) the re-run budget. */
export interface MtProgressView {
  /** Per article and locale: queued, retrying (with when), failed (with why). */
  readonly rows: readonly MtArticleProgress[];
  /** Show the article in each row (the articles page); the review page shows one article's row. */
  readonly showArticle: boolean;
  /** May retry now (editors). */
  readonly canRetry: boolean;
  /** Where the retry button brings the editor back to. */
  readonly back: 'articles' | 'review';
  /** The re-run budget with today's spending, for those who may raise it; null otherwise. */
  readonly budget: MtRerunBudgetStatus | null;
  /** The time the page is drawn, ISO 8601 UTC: relative times count from it. */
  readonly now: string;
}

/**
 * The MT state banner of a page (`mtBanner`), with a resume button for those who steer the queue (`mt.queue`) while it is
 * paused (quota spent) or its key was rejected: POST /mt/resume lifts the hold, and `back` is where it returns to.
 */
export function mtBannerView(
  ctx: PageContext,
  mt: { readonly state: string; readonly message: string } | null,
  back: { readonly page: 'articles' | 'review'; readonly slug?: string; readonly locale?: string },
  className = 'hint mt-status',
): SafeHtml | '' {
  if (!mt) return '';
  const held = mt.state === 'paused' || mt.state === 'unauthorized';
  const resume =
    held && ctx.user && can(ctx.user.role, 'mt.queue')
      ? html` <form method="post" action="/mt/resume" class="mt-form">${csrfField(ctx)}<input type="hidden" name="back" value="${back.page}">${
          back.slug && back.locale
            ? html`<input type="hidden" name="slug" value="${back.slug}"><input type="hidden" name="locale" value="${back.locale}">`
            : ''
        }<button type="submit" class="small">${ctx.t('mt:progress.resume')}</button></form>`
      : '';
  return html`<p class="${className} mt-${mt.state}">${mt.message}${resume}</p>`;
}

/** `in 3 minutes` / `3분 후` in the UI language, inside a `<time>` carrying the exact ISO 8601 time. */
export function relativeTime(ctx: PageContext, iso: string, now: string): SafeHtml {
  const seconds = Math.round((Date.parse(iso) - Date.parse(now)) / 1000);
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    Math.abs(seconds) < 60
      ? [seconds, 'second']
      : Math.abs(seconds) < 3600
        ? [Math.round(seconds / 60), 'minute']
        : Math.abs(seconds) < 86_400
          ? [Math.round(seconds / 3600), 'hour']
          : [Math.round(seconds / 86_400), 'day'];
  const shown = Number.isNaN(seconds) ? iso : relativeTimeFormat(ctx.lng, { numeric: 'auto' }).format(value, unit);
  return html`<time datetime="${iso}" title="${iso}">${shown}</time>`;
}

function reasons(ctx: PageContext, list: readonly MtReasonCount[]): string {
  return list.map((r) => `${ctx.t(`mt:reasons.${r.reason}`)}${list.length > 1 ? ` (${r.count})` : ''}`).join('; ');
}

function retryForm(ctx: PageContext, view: MtProgressRowView, row: MtArticleProgress): SafeHtml | '' {
  if (!view.canRetry || row.retrying + row.failed === 0) return '';
  return html`<form method="post" action="/mt/retry" class="mt-form">${csrfField(ctx)}
    <input type="hidden" name="slug" value="${row.slug}"><input type="hidden" name="locale" value="${row.locale}">
    <input type="hidden" name="back" value="${view.back}">
    <button type="submit" class="small">${ctx.t('mt:progress.retryNow')}</button></form>`;
}

/** What a progress row needs of its table; the live stream draws rows with the same settings as the page. */
export type MtProgressRowView = Pick<MtProgressView, 'showArticle' | 'canRetry' | 'back' | 'now'>;

/** The key of a row in `data-mt-row` (public/live.js finds rows by it). */
export const mtRowKey = (row: Pick<MtArticleProgress, 'slug' | 'locale'>) => `${row.slug} ${row.locale}`;

/** One article and locale: queued, running, retrying (when, why), failed (why), and the editors' retry button. */
export function mtProgressRow(ctx: PageContext, view: MtProgressRowView, row: MtArticleProgress): SafeHtml {
  return html`<tr data-mt-row="${mtRowKey(row)}">
    ${
      view.showArticle
        ? html`<th scope="row"><a href="/review/${encodeURIComponent(row.slug)}/${encodeURIComponent(row.locale)}">${row.slug}</a></th>`
        : ''
    }
    <td>${localeName(ctx, row.locale)}</td>
    <td class="mt-queued">${row.queued > 0 ? ctx.t('mt:progress.queued', { count: row.queued }) : ''}</td>
    <td class="mt-running">${row.inFlight > 0 ? ctx.t('mt:progress.running', { count: row.inFlight }) : ''}</td>
    <td class="mt-retrying">${
      row.retrying > 0 && row.nextRetryAt
        ? html`${ctx.t('mt:progress.retrying', { count: row.retrying })} ${ctx.t('mt:progress.nextTry')} ${relativeTime(ctx, row.nextRetryAt, view.now)}
          <span class="hint">${reasons(ctx, row.retryingReasons)}</span>`
        : ''
    }</td>
    <td class="mt-failed">${
      row.failed > 0
        ? html`${ctx.t('mt:progress.failed', { count: row.failed })} <span class="hint">${reasons(ctx, row.failedReasons)}</span>`
        : ''
    }</td>
    <td>${retryForm(ctx, view, row)}</td>
  </tr>`;
}

function budgetSection(ctx: PageContext, budget: MtRerunBudgetStatus): SafeHtml {
  const number = numberFormat(ctx.lng);
  return html`<div class="mt-budget">
    <h3>${ctx.t('mt:budget.title')}</h3>
    <p>${ctx.t('mt:budget.current', { characters: number.format(budget.charactersPerDay) })}${
      budget.setBy
        ? html` <span class="hint">${ctx.t('mt:budget.setBy', { name: budget.setBy, at: utcTime(budget.setAt ?? undefined, ctx.lng) })}</span>`
        : ''
    }</p>
    <p>${
      budget.spent.length === 0
        ? ctx.t('mt:budget.noneToday')
        : html`${ctx.t('mt:budget.spentToday')} ${budget.spent.map(
            (s, i) => html`${i > 0 ? ', ' : ''}${s.user} ${ctx.t('mt:budget.characters', { characters: number.format(s.characters) })}`,
          )}`
    }</p>
    <form method="post" action="/mt/budget" class="inline-fields">${csrfField(ctx)}
      <label for="mt-budget">${ctx.t('mt:budget.label')}</label>
      <input id="mt-budget" name="characters" type="number" min="0" max="10000000" step="1" required value="${budget.charactersPerDay}">
      <button type="submit" class="small">${ctx.t('mt:budget.submit')}</button>
    </form>
  </div>`;
}

/**
 * The machine translation progress: per article and locale what is queued, running, retrying (when, relative, with the
 * exact ISO 8601 time in `<time>`) and failed (why, in the UI language), a "retry now" button for editors, and the
 * re-run budget form for those who may raise it. With nothing to show the table is drawn hidden and empty, so live
 * updates (public/live.js) have a place to put the first row; without a view, nothing.
 */
export function mtProgressView(ctx: PageContext, view: MtProgressView | null | undefined): SafeHtml | '' {
  if (!view) return '';
  const empty = view.rows.length === 0 && !view.budget;
  return html`<section class="mt-progress" aria-labelledby="mt-progress-title" data-live-mt${view.back === 'articles' ? html` data-events="/events/articles"` : ''}${empty ? html` hidden` : ''}>
    <h2 id="mt-progress-title">${ctx.t('mt:progress.title')}</h2>
    <p class="hint" data-mt-empty${view.rows.length === 0 ? '' : html` hidden`}>${ctx.t('mt:progress.empty')}</p>
    <table class="mt-progress-table"${view.rows.length === 0 ? html` hidden` : ''}>
      <thead><tr>${view.showArticle ? html`<th scope="col">${ctx.t('mt:progress.article')}</th>` : ''}<th scope="col">${ctx.t('mt:progress.locale')}</th>
        <th scope="col">${ctx.t('mt:progress.queuedHead')}</th><th scope="col">${ctx.t('mt:progress.runningHead')}</th>
        <th scope="col">${ctx.t('mt:progress.retryingHead')}</th>
        <th scope="col">${ctx.t('mt:progress.failedHead')}</th><th scope="col"><span class="visually-hidden">${ctx.t('mt:progress.retryNow')}</span></th></tr></thead>
      <tbody>${view.rows.map((row) => mtProgressRow(ctx, view, row))}</tbody></table>
    ${view.budget ? budgetSection(ctx, view.budget) : ''}
  </section>`;
}
