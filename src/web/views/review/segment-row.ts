import type { Segment, Translation } from '../../../core/model.ts';
import { ignorablesInsideWords, plainText } from '../../../core/segment-text.ts';
import type { SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { csrfField } from '../forms.ts';
import { segmentText, tagsData } from '../segment-text.ts';
import { asides } from './asides.ts';
import type { ReviewPageView, RowData, RowView, SegmentRow } from './page.ts';
import { compactHtml as html, localeName, stateBadge, when } from './parts.ts';

/** One segment of the review page: source, editor with the legal actions, preview, and the asides beside it. */

function who(ctx: PageContext, t: Translation): SafeHtml {
  if (!t.updatedBy) return html``;
  return html`<span class="who">${ctx.t('review:segment.by', { name: t.updatedBy })} · ${when(ctx, t.updatedAt)}</span>`;
}

/** The base path of the review page's actions for `view`'s article and locale. */
export const reviewBase = (v: Pick<ReviewPageView, 'slug' | 'locale'>) =>
  `/review/${encodeURIComponent(v.slug)}/${encodeURIComponent(v.locale)}`;

/**
 * The segment's editor with exactly the actions legal for this user (row.offers, services/review-rules.ts): approve
 * refused by the four-eyes rule is shown disabled with the reason. `data-primary` names what Ctrl+Enter does.
 */
function segmentForm(ctx: PageContext, view: RowView, row: RowData): SafeHtml {
  const { segment: s, translation: t, offers } = row;
  const { actions } = offers;
  const action = `${reviewBase(view)}/${encodeURIComponent(s.id)}`;
  const label = ctx.t('review:segment.translationLabel', { locale: localeName(ctx, view.locale), n: s.order + 1 });
  if (!actions.save) {
    return html`<div class="seg-text" lang="${view.locale}" dir="auto">${t.text ? segmentText(t.text, s.tags, ctx.t) : html`<span class="empty">${ctx.t('review:segment.empty')}</span>`}</div>
      <p class="hint">${!view.canEdit ? ctx.t('review:segment.readOnly') : ctx.t('review:segment.approvedReadOnly')}</p>`;
  }
  const errors = row.checks.filter((c) => c.severity === 'error' && c.status === 'open').length;
  const approve = actions.approve;
  const refused =
    view.alert?.segmentId === s.id && view.alert.text !== undefined
      ? { text: view.alert.text, message: view.alert.message, detail: view.alert.detail }
      : null;
  const fourEyes = approve && !approve.enabled ? ctx.t('review:segment.fourEyesHint') : null;
  return html`<form method="post" action="${action}/save" class="seg-form" id="f-${s.id}" data-segment="${s.id}" data-primary="${offers.primary ?? ''}">
    ${csrfField(ctx)}
    <input type="hidden" name="baseRevision" value="${t.revision}">
    <input type="hidden" name="advance" value="">
    <label class="visually-hidden" for="t-${s.id}">${label}</label>
    <textarea id="t-${s.id}" name="text" lang="${view.locale}" dir="auto" rows="${Math.min(12, Math.max(2, Math.ceil(s.source.length / 45)))}"
      data-segment="${s.id}" data-revision="${t.revision}" data-updated-by="${t.updatedBy ?? ''}" data-source="${s.source}" data-tags="${tagsData(s.tags)}"
      placeholder="${ctx.t('review:segment.placeholder')}"${refused ? html` aria-invalid="true" aria-describedby="err-${s.id}"` : ''}>${refused ? refused.text : t.text}</textarea>
    ${refused ? html`<p class="message error seg-error" id="err-${s.id}">${refused.message} ${refused.detail ?? ''}</p>` : ''}
    <div class="seg-preview" hidden><span class="preview-label">${ctx.t('review:segment.preview')}</span>
      <div class="preview-text" data-preview lang="${view.locale}" dir="auto"></div></div>
    <div class="seg-actions">
      <button type="submit" data-action="save">${ctx.t('review:actions.save')}</button>
      ${actions.submit ? html`<button type="submit" formaction="${action}/submit" data-action="submit"${offers.primary === 'submit' ? html` class="primary"` : ''}>${ctx.t('review:actions.submit')}</button>` : ''}
      ${
        approve
          ? html`<button type="submit" formaction="${action}/approve" class="primary" data-action="approve"${
              fourEyes ? html` disabled aria-describedby="fe-${s.id}" data-reason="${fourEyes}"` : ''
            }>${ctx.t('review:actions.approve')}</button>
          ${
            approve.enabled && errors > 0
              ? html`<label class="override"><span>${ctx.t('review:checks.overrideLabel', { count: errors })}</span>
                <input type="text" name="override" maxlength="500" autocomplete="off"></label>`
              : ''
          }
          ${fourEyes ? html`<span class="hint four-eyes" id="fe-${s.id}">${fourEyes}</span>` : html`<span class="hint">${ctx.t('review:segment.correctHint')}</span>`}`
          : ''
      }
    </div>
  </form>
  ${
    actions.reject
      ? html`<details class="reject" data-segment="${s.id}"><summary>${ctx.t('review:actions.rejectOpen')}</summary>
      <form method="post" action="${action}/reject">
        ${csrfField(ctx)}<input type="hidden" name="baseRevision" value="${t.revision}">
        <label for="c-${s.id}">${ctx.t('review:reject.comment')}</label>
        <textarea id="c-${s.id}" name="comment" rows="2" required maxlength="2000" data-reject-comment></textarea>
        <button type="submit" data-action="reject">${ctx.t('review:actions.reject')}</button>
      </form></details>`
      : ''
  }`;
}

/** The import warning about ignorable code points inside the source's words (services ImportWarning), shown again here. */
function invisibleNotice(ctx: PageContext, s: Segment): SafeHtml | '' {
  const codePoints = ignorablesInsideWords(plainText(s.source));
  if (codePoints.length === 0) return '';
  return html`<p class="notice invisible-chars" role="note">${ctx.t('review:invisible.notice', { codePoints: codePoints.join(', ') })}</p>`;
}

/** The live part of a row: who has the segment open now (soft locks), refreshed by the page's event stream. */
export function softLock(ctx: Pick<PageContext, 't'>, editors: SegmentRow['editors']): SafeHtml {
  return html`<span class="soft-lock" role="status" data-soft-lock${editors.length === 0 ? html` hidden` : ''}>${
    editors.length > 0 ? ctx.t('review:lock.editing', { names: editors.map((e) => e.name).join(', ') }) : ''
  }</span>`;
}

/**
 * A row without its live part, as the two pieces drawn before and after `softLock`: everything here is a function of
 * `ctx` (UI language, CSRF token), the row-level fields of `view` (RowView) and the row without its editors, which
 * is what row-cache.ts keys a drawn row by.
 */
export function segmentRowParts(ctx: PageContext, view: RowView, row: RowData): { readonly before: SafeHtml; readonly after: SafeHtml } {
  const { segment: s, translation: t } = row;
  const before = html`<li class="segment kind-${s.kind} seg-state-${t.state}" id="seg-${s.id}" data-segment="${s.id}" data-needs-work="${row.needsWork ? 'true' : 'false'}"${row.nextId ? html` data-next="${row.nextId}"` : ''}>
    <div class="seg-meta">
      <span class="seg-number">${s.order + 1}</span>
      <span class="kind-label">${ctx.t(`review:kinds.${s.kind}`)}</span>
      ${stateBadge(ctx, t.state)} ${who(ctx, t)}
      `;
  const after = html`
    </div>
    <div class="seg-source" lang="${view.sourceLocale}" dir="auto">${segmentText(s.source, s.tags, ctx.t)}</div>
    ${invisibleNotice(ctx, s)}
    <div class="seg-target">${segmentForm(ctx, view, row)}</div>
    <div class="seg-asides">${asides(ctx, view, row)}</div>
  </li>`;
  return { before, after };
}

/** One segment's row (`<li>`), as the page draws it and as an action redraws it in place (routes/review-answer.ts). */
export function segmentRow(ctx: PageContext, view: RowView, row: SegmentRow): SafeHtml {
  const { before, after } = segmentRowParts(ctx, view, row);
  return html`${before}${softLock(ctx, row.editors)}${after}`;
}
