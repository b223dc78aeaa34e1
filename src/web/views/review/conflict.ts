import type { Segment, Translation } from '../../../core/model.ts';
import { wordDiff } from '../../../core/word-diff.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { csrfField } from '../forms.ts';
import { diffView, localeName, segmentText, stateBadge, when } from './parts.ts';

export interface ConflictView {
  readonly slug: string;
  readonly locale: string;
  readonly sourceLocale: string;
  readonly segment: Segment;
  /** The translation as it is stored now (someone else's change). */
  readonly current: Translation;
  /** What this user tried to save. */
  readonly mine: string;
  /** The action that was refused, repeated by "keep mine". */
  readonly action: 'save' | 'submit';
}

/**
 * A save refused because the segment changed meanwhile: both texts side by side, and a choice. Keeping one's own
 * text saves it against the current revision (an edit box allows merging first); keeping theirs drops the local copy.
 */
export function conflictView(ctx: PageContext, view: ConflictView): SafeHtml {
  const { segment: s, current: t } = view;
  const back = `/review/${encodeURIComponent(view.slug)}/${encodeURIComponent(view.locale)}`;
  return html`<link rel="stylesheet" href="/assets/review.css">
  <div class="conflict" id="conflict" data-slug="${view.slug}" data-locale="${view.locale}" data-segment="${s.id}">
    <p class="message error" role="alert">${ctx.t('review:conflict.explain', { name: t.updatedBy ?? '?' })}</p>
    <h2>${ctx.t('review:conflict.source')}</h2>
    <p class="seg-source kind-${s.kind}" lang="${view.sourceLocale}">${segmentText(s.source, s.tags, ctx.t)}</p>
    <div class="pair">
      <section class="theirs">
        <h2>${ctx.t('review:conflict.theirs', { name: t.updatedBy ?? '?' })}</h2>
        <p class="who">${stateBadge(ctx, t.state)} ${when(ctx, t.updatedAt)}</p>
        <p class="conflict-text" lang="${view.locale}" data-theirs>${segmentText(t.text, s.tags, ctx.t)}</p>
        <a class="button" href="${back}?discard=${encodeURIComponent(s.id)}&focus=${encodeURIComponent(s.id)}#seg-${s.id}" data-keep-theirs>${ctx.t('review:conflict.keepTheirs')}</a>
      </section>
      <section class="mine">
        <h2>${ctx.t('review:conflict.mine')}</h2>
        <form method="post" action="${back}/${encodeURIComponent(s.id)}/${view.action}">
          ${csrfField(ctx)}<input type="hidden" name="baseRevision" value="${t.revision}">
          <label for="conflict-mine">${ctx.t('review:conflict.editMine', { locale: localeName(ctx, view.locale) })}</label>
          <textarea id="conflict-mine" name="text" lang="${view.locale}" rows="6" data-mine>${view.mine}</textarea>
          <button type="submit" class="primary" data-keep-mine>${ctx.t(view.action === 'submit' ? 'review:conflict.keepMineSubmit' : 'review:conflict.keepMine')}</button>
        </form>
      </section>
    </div>
    <h2>${ctx.t('review:conflict.difference')}</h2>
    <p class="diff-line">${diffView(wordDiff(t.text, view.mine, view.locale), view.locale, s.tags, ctx.t)}</p>
  </div>`;
}
