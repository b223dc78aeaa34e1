import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { uploadAction } from '../forms.ts';

/** What the XLIFF tools need of the review page. */
export interface XliffToolsView {
  readonly slug: string;
  readonly locale: string;
  readonly canEdit: boolean;
  readonly canReview: boolean;
}

/**
 * The review page's XLIFF tools for translation agencies: download this article and language as XLIFF 1.2 or 2.0
 * (confidential names masked), and upload the agency's file back (routes/xliff.ts), approving with it for reviewers.
 */
export function xliffTools(ctx: PageContext, view: XliffToolsView): SafeHtml {
  const exportUrl = (version: string) =>
    `/xliff/export.xlf?slug=${encodeURIComponent(view.slug)}&locale=${encodeURIComponent(view.locale)}&version=${version}`;
  return html`<details class="xliff-tools"><summary>${ctx.t('review:xliff.title')}</summary>
    <p>${ctx.t('review:xliff.export')} <a href="${exportUrl('1.2')}" download>XLIFF 1.2</a> · <a href="${exportUrl('2.0')}" download>XLIFF 2.0</a></p>
    ${
      view.canEdit
        ? html`<form method="post" action="${uploadAction(ctx, '/xliff/import')}" enctype="multipart/form-data" class="xliff-import">
      <input type="hidden" name="slug" value="${view.slug}"><input type="hidden" name="locale" value="${view.locale}">
      <p><label for="xliff-file">${ctx.t('review:xliff.file')}</label>
        <input id="xliff-file" type="file" name="file" accept=".xlf,.xliff,application/xliff+xml" required></p>
      <p><label for="xliff-agency">${ctx.t('review:xliff.agency')}</label>
        <input id="xliff-agency" name="agency" maxlength="100" autocomplete="organization"></p>
      ${
        view.canReview
          ? html`<p><input id="xliff-approve" type="checkbox" name="approve"> <label for="xliff-approve">${ctx.t('review:xliff.approve')}</label></p>`
          : ''
      }
      <p><button type="submit">${ctx.t('review:xliff.import')}</button></p>
    </form>`
        : ''
    }
  </details>`;
}
