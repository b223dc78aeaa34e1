import { QUEUE_ISSUES, QUEUE_STATES, UNASSIGNED, type QueueFilter, type QueuePage } from '../../../services/queue.ts';
import type { Rejection } from '../../../core/rejections.ts';
import { plainText } from '../../../core/segment-text.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { localeName, segmentText, stateBadge, when } from '../review/parts.ts';

const SOURCE_PREVIEW = 90;

function preview(text: string): string {
  const plain = plainText(text);
  return plain.length > SOURCE_PREVIEW ? `${plain.slice(0, SOURCE_PREVIEW - 1)}…` : plain;
}

function queryString(filter: QueueFilter, cursor: string | null): string {
  const params = new URLSearchParams();
  for (const l of filter.locales ?? []) params.append('locale', l);
  for (const s of filter.states ?? []) params.append('state', s);
  if (filter.slug) params.set('article', filter.slug);
  if (filter.assignee !== undefined) params.set('assignee', filter.assignee);
  if (filter.issues) params.set('issues', filter.issues);
  if (cursor) params.set('cursor', cursor);
  const qs = params.toString();
  return `/queue${qs ? `?${qs}` : ''}`;
}

/** A rejected draft's marker and the reviewer's comment, who wrote it and when. */
function rejectionNote(ctx: PageContext, rejection: Rejection): SafeHtml {
  return html` <span class="state state-rejected">${ctx.t('review:queue.rejected')}</span>
    <blockquote class="reject-comment"><p>${rejection.comment}</p><footer>${ctx.t('review:queue.rejectedBy', { name: rejection.by })} · ${when(ctx, rejection.at)}</footer></blockquote>`;
}

/** What waits for whom: counts per locale and state, filters (a GET form), the waiting segments oldest first, pages. */
export function queueView(
  ctx: PageContext,
  view: { readonly queue: QueuePage; readonly filter: QueueFilter; readonly sourceLocale: string },
): SafeHtml {
  const { queue, filter } = view;
  const chosenLocales = queue.shown;
  const chosenStates = filter.states ?? [];
  return html`<link rel="stylesheet" href="/assets/review.css"><link rel="stylesheet" href="/assets/work.css">
  <table class="queue-counts">
    <caption>${ctx.t('review:queue.countsCaption')}</caption>
    <thead><tr><th scope="col">${ctx.t('review:queue.locale')}</th>${QUEUE_STATES.map((s) => html`<th scope="col">${stateBadge(ctx, s)}</th>`)}<th scope="col">${ctx.t('review:queue.total')}</th></tr></thead>
    <tbody>${queue.counts.map(
      (
        c,
      ) => html`<tr><th scope="row">${localeName(ctx, c.locale)}${ctx.user?.locales.includes(c.locale) ? html` <span class="mine-badge">${ctx.t('review:queue.yours')}</span>` : ''}</th>
        ${QUEUE_STATES.map((s) => html`<td><a href="${queryString({ ...filter, locales: [c.locale], states: [s] }, null)}">${c.counts[s]}</a></td>`)}
        <td>${c.total}</td></tr>`,
    )}</tbody>
  </table>

  <form method="get" action="/queue" class="queue-filters">
    <fieldset class="inline"><legend>${ctx.t('review:queue.locale')}</legend>${queue.locales.map(
      (l) =>
        html`<label class="check"><input type="checkbox" name="locale" value="${l}"${chosenLocales.includes(l) ? html` checked` : ''}> ${localeName(ctx, l)}</label>`,
    )}</fieldset>
    <fieldset class="inline"><legend>${ctx.t('review:queue.state')}</legend>${QUEUE_STATES.map(
      (s) =>
        html`<label class="check"><input type="checkbox" name="state" value="${s}"${chosenStates.includes(s) ? html` checked` : ''}> ${ctx.t(`review:states.${s}`)}</label>`,
    )}</fieldset>
    <p><label for="q-article">${ctx.t('review:queue.article')}</label>
      <input id="q-article" name="article" list="q-articles" value="${filter.slug ?? ''}" maxlength="200" autocapitalize="none" spellcheck="false" aria-describedby="q-article-hint">
      <datalist id="q-articles">${queue.articles.map((a) => html`<option value="${a.slug}">${a.title}</option>`)}</datalist>
      <span id="q-article-hint" class="hint">${ctx.t('review:queue.articleHint')}</span></p>
    <p><label for="q-assignee">${ctx.t('review:queue.assignee')}</label>
      <select id="q-assignee" name="assignee"><option value="">${ctx.t('review:queue.any')}</option>
        <option value="${UNASSIGNED}"${filter.assignee === UNASSIGNED ? html` selected` : ''}>${ctx.t('review:queue.unassigned')}</option>${queue.assignees.map(
          (a) => html`<option value="${a}"${filter.assignee === a ? html` selected` : ''}>${a}</option>`,
        )}</select></p>
    <p><label for="q-issues">${ctx.t('review:queue.issues')}</label>
      <select id="q-issues" name="issues"><option value="">${ctx.t('review:queue.any')}</option>${QUEUE_ISSUES.map(
        (i) => html`<option value="${i}"${filter.issues === i ? html` selected` : ''}>${ctx.t(`review:queue.issueKinds.${i}`)}</option>`,
      )}</select></p>
    <p><button type="submit" class="primary">${ctx.t('review:queue.apply')}</button> <a href="/queue">${ctx.t('review:queue.reset')}</a></p>
  </form>

  <p class="queue-total" role="status">${ctx.t('review:queue.showing', { count: queue.total })}${
    !filter.locales?.length && queue.shown.length < queue.locales.length
      ? html` ${ctx.t('review:queue.ownLocales', { locales: queue.shown.map((l) => localeName(ctx, l)).join(', ') })}`
      : ''
  }</p>
  ${
    queue.items.length === 0
      ? html`<p class="message">${ctx.t('review:queue.empty')}</p>`
      : html`<table class="queue">
    <thead><tr>
      <th scope="col">${ctx.t('review:queue.article')}</th><th scope="col">${ctx.t('review:queue.segment')}</th>
      <th scope="col">${ctx.t('review:queue.locale')}</th><th scope="col">${ctx.t('review:queue.state')}</th>
      <th scope="col">${ctx.t('review:queue.waitsFor')}</th><th scope="col">${ctx.t('review:queue.assignee')}</th>
      <th scope="col">${ctx.t('review:queue.since')}</th><th scope="col">${ctx.t('review:queue.issues')}</th>
    </tr></thead>
    <tbody>${queue.items.map(
      (item) => html`<tr>
        <td><a href="/review/${encodeURIComponent(item.slug)}/${encodeURIComponent(item.locale)}?focus=${encodeURIComponent(item.segmentId)}#seg-${item.segmentId}" lang="${view.sourceLocale}">${item.title}</a></td>
        <td class="queue-source" lang="${view.sourceLocale}"><span class="kind-label">${ctx.t(`review:kinds.${item.kind}`)}</span> ${segmentText(preview(item.source))}</td>
        <td>${localeName(ctx, item.locale)}</td>
        <td>${stateBadge(ctx, item.state)}${item.rejection ? rejectionNote(ctx, item.rejection) : ''}</td>
        <td>${ctx.t(`review:queue.waits.${item.waitsFor}`)}</td>
        <td>${item.assignee ?? html`<span class="hint">${ctx.t('review:queue.unassigned')}</span>`}</td>
        <td>${when(ctx, item.since)}</td>
        <td>${item.errors > 0 ? html`<span class="check-error">${ctx.t('review:queue.errorCount', { count: item.errors })}</span> ` : ''}${
          item.warnings > 0 ? html`<span class="check-warning">${ctx.t('review:queue.warningCount', { count: item.warnings })}</span>` : ''
        }</td>
      </tr>`,
    )}</tbody></table>`
  }
  ${
    !queue.first || queue.next
      ? html`<nav class="pagination" aria-label="${ctx.t('review:queue.pages')}">
      ${queue.first ? '' : html`<a href="${queryString(filter, null)}" rel="first">${ctx.t('review:queue.first')}</a>`}
      ${queue.next ? html`<a href="${queryString(filter, queue.next)}" rel="next">${ctx.t('review:queue.next')}</a>` : ''}
    </nav>`
      : ''
  }`;
}
