import type { Segment } from '../../../core/model.ts';
import { MAX_CHECK_REASON_LENGTH } from '../../../core/workflow.ts';
import type { CheckResultWithStatus } from '../../../services/checks.ts';
import type { SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { csrfField } from '../forms.ts';
import { compactHtml as html, when } from './parts.ts';

/**
 * What people decided about one check result, shown inside its list item: who dismissed or overrode it, why and when
 * (with an undo button for a dismissal), or on an open warning a form to dismiss it for this segment with a reason.
 * `action` is the segment's form base (`/review/<slug>/<locale>/<segment id>`); `canDecide` whether the user may work
 * on translations in this locale (the routes' `translation.edit`).
 */
export function checkDecision(
  ctx: PageContext,
  segment: Pick<Segment, 'id'>,
  action: string,
  result: CheckResultWithStatus,
  canDecide: boolean,
): SafeHtml | '' {
  const { decision } = result;
  if (decision) {
    const undo =
      result.status === 'dismissed' && canDecide
        ? html`<form method="post" action="${action}/undismiss" class="check-undo">${csrfField(ctx)}
          <input type="hidden" name="checkId" value="${result.checkId}">
          <button type="submit" class="link-button" data-action="undismiss">${ctx.t('review:checks.undo')}</button></form>`
        : '';
    return html`<span class="check-decision"><span class="check-status">${ctx.t(`review:checks.status.${result.status}`, { by: decision.by })}</span>
      <q class="check-reason">${decision.reason}</q> · ${when(ctx, decision.at)}${undo}</span>`;
  }
  if (result.severity !== 'warning' || !canDecide) return '';
  const id = `dr-${segment.id}-${result.checkId}`;
  return html`<details class="check-decision check-dismiss" data-check="${result.checkId}"><summary>${ctx.t('review:checks.dismissOpen')}</summary>
    <form method="post" action="${action}/dismiss">${csrfField(ctx)}
      <input type="hidden" name="checkId" value="${result.checkId}">
      <label for="${id}">${ctx.t('review:checks.dismissReason')}</label>
      <input type="text" id="${id}" name="reason" required maxlength="${MAX_CHECK_REASON_LENGTH}" autocomplete="off">
      <button type="submit" data-action="dismiss">${ctx.t('review:checks.dismiss')}</button>
    </form></details>`;
}
