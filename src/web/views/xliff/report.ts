import type { XliffImportReport, XliffRefusal } from '../../../services/xliff-exchange.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { type FormRefusal, messages } from '../admin/parts.ts';

export interface XliffReportView {
  /** The import just made (once, after its redirect), and the review page it was started from. */
  readonly shown: { readonly report: XliffImportReport; readonly back: string | null } | null;
  /** A refused upload (not XLIFF, too large, a language the user does not work in). */
  readonly refusal: FormRefusal | null;
}

/** Why a unit was not applied, in the reader's language. */
function reason(ctx: PageContext, refusal: XliffRefusal['refusal']): string {
  if (refusal.code === 'rejected') {
    return refusal.messageCode
      ? ctx.t(`errors:reasons.${refusal.messageCode}`, { ...refusal.params })
      : ctx.t('review:xliff.refusals.rejected');
  }
  if (refusal.code === 'tags') {
    // `detail` is the service's English (the command line prints it); the page words the tag lists it was made of, and
    // a unit whose tags could not be read at all (the parser's English in `detail`) gets the sentence without them.
    if (refusal.source === undefined || refusal.target === undefined) return ctx.t('review:xliff.refusals.tagsUnreadable');
    const none = ctx.t('review:xliff.refusals.noTags');
    return ctx.t('review:xliff.refusals.tags', { source: refusal.source || none, target: refusal.target || none });
  }
  return ctx.t(`review:xliff.refusals.${refusal.code}`);
}

function refusalTable(ctx: PageContext, caption: string, rows: readonly XliffRefusal[]): SafeHtml | '' {
  if (rows.length === 0) return '';
  return html`<table class="xliff-refusals"><caption>${caption}</caption>
    <thead><tr><th scope="col">${ctx.t('review:xliff.report.unit')}</th><th scope="col">${ctx.t('review:xliff.report.article')}</th>
      <th scope="col">${ctx.t('review:xliff.report.line')}</th><th scope="col">${ctx.t('review:xliff.report.reason')}</th></tr></thead>
    <tbody>${rows.map(
      (r) =>
        html`<tr><th scope="row"><code>${r.unitId}</code></th><td>${r.slug}</td><td>${r.line ?? ''}</td><td>${reason(ctx, r.refusal)}</td></tr>`,
    )}</tbody></table>`;
}

/** What an agency's XLIFF import did: counts, and each unit refused or not approved with why. */
export function xliffReportView(ctx: PageContext, view: XliffReportView): SafeHtml {
  const shown = view.shown;
  const report = shown?.report;
  return html`<h1>${ctx.t('review:xliff.report.title')}</h1>
  ${messages(undefined, view.refusal ?? undefined)}
  ${
    report
      ? html`<p class="message notice" role="status">${ctx.t('review:xliff.report.summary', {
          file: report.file,
          version: report.version,
          locale: report.locale,
          agency: report.agency,
          applied: report.applied,
          approved: report.approved,
          unchanged: report.unchanged,
          refused: report.refused.length,
        })}</p>
        ${refusalTable(ctx, ctx.t('review:xliff.report.refused'), report.refused)}
        ${refusalTable(ctx, ctx.t('review:xliff.report.notApproved'), report.notApproved)}`
      : view.refusal
        ? ''
        : html`<p>${ctx.t('review:xliff.report.gone')}</p>`
  }
  <p><a href="${shown?.back ?? '/articles'}">${shown?.back ? ctx.t('review:xliff.report.back') : ctx.t('review:articles.title')}</a></p>`;
}
