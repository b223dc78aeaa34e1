import type { EmbargoNotice } from '../../../core/front-matter.ts';
import type { CheckResult, HistoryEntry, Segment, Translation } from '../../../core/model.ts';
import type { LocaleProgress } from '../../../core/progress.ts';
import type { CheckResultText } from '../../../services/check-text.ts';
import type { CheckResultWithStatus } from '../../../services/checks.ts';
import type { SegmentOffers } from '../../../services/review-rules.ts';
import type { SoftLockHolder } from '../../../services/soft-lock.ts';
import type { SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import type { GlossaryEntryLike, MemoryMatchLike } from '../../routes/review-extras.ts';
import { embargoBadge } from '../embargo.ts';
import { csrfField } from '../forms.ts';
import { tagHelp } from '../segment-text.ts';
import { reviewBase, segmentRow } from './segment-row.ts';
import { mtBannerView, mtProgressView, type MtProgressView } from '../mt-progress.ts';
import { xliffTools } from './xliff-exchange.ts';
import { compactHtml as html, effortChart, localeName, progressBar, type EffortBar } from './parts.ts';

export interface SegmentRow {
  readonly segment: Segment;
  readonly translation: Translation;
  /** The next segment (in reading order, wrapping) that needs this user's work, for "save and go on". */
  readonly nextId: string | null;
  readonly needsWork: boolean;
  /** The actions legal for this user on this segment (services/review-rules.ts `segmentOffers`). */
  readonly offers: SegmentOffers;
  readonly editors: readonly SoftLockHolder[];
  readonly memory: readonly MemoryMatchLike[];
  readonly glossary: readonly GlossaryEntryLike[];
  readonly history: readonly HistoryEntry[];
  /** The stored check results of the translation, each with its status (services/checks.ts `checkStatuses`). */
  readonly checks: readonly CheckResultWithStatus[];
  /** False when the stored results were not run on this text and source (core/check-decisions.ts `checksCurrent`). */
  readonly checked: boolean;
}

export interface ReviewPageView {
  readonly slug: string;
  readonly title: string;
  /** Set while readers may not see the article; shown under the heading. */
  readonly embargo?: EmbargoNotice;
  readonly sourceLocale: string;
  readonly locale: string;
  readonly progress: readonly LocaleProgress[];
  readonly effort: readonly EffortBar[];
  /** The rows of the window shown: all of them, or one page of a long article (then `pager` links the others). */
  readonly rows: readonly SegmentRow[];
  readonly pager?: SafeHtml | '';
  readonly canEdit: boolean;
  readonly canReview: boolean;
  /** May add comments in this locale. */
  readonly canComment: boolean;
  readonly fourEyes: boolean;
  /** This user's finished drafts that submit-all would send to review (review-rules.ts `isOwnFinishedDraft`). */
  readonly ownDrafts: number;
  /** Submitted segments this user may approve in bulk (no check errors, not written by them under four-eyes). */
  readonly approvable: number;
  /** Machine translation: null when the installation has no MT service. */
  readonly mt: { readonly state: string; readonly message: string } | null;
  /** This article's machine translation progress in this locale (src/web/views/mt-progress.ts); null hides it. */
  readonly mtProgress?: MtProgressView | null;
  /** A notice after an action (already translated). */
  readonly notice?: string;
  /**
   * A refusal to show at the top, pointing at its segment. `text` is what the person sent for that segment: a refused
   * save shows it again in the editor, with the reason beside it, so nothing typed is lost (even without JavaScript).
   */
  readonly alert?: { readonly message: string; readonly detail?: string; readonly segmentId?: string; readonly text?: string };
  /** A stored check result as name and sentence in the UI language (services/check-text.ts `describeCheckResult`). */
  readonly describeCheck: (result: CheckResult) => CheckResultText;
}

/** What a row draws of its segment: all of SegmentRow but the editors, who are live (segment-row.ts `softLock`). */
export type RowData = Omit<SegmentRow, 'editors'>;

/** The fields of the page a row reads: row-cache.ts keys a drawn row by these (and RowData, and the UI language). */
export type RowView = Pick<
  ReviewPageView,
  'slug' | 'locale' | 'sourceLocale' | 'canEdit' | 'canReview' | 'canComment' | 'mt' | 'alert' | 'describeCheck'
>;

export const SHORTCUTS = [
  ['Ctrl+Enter', 'primaryNext'],
  ['Ctrl+S', 'saveDraft'],
  ['Alt+T', 'nextTag'],
  ['Alt+↓', 'next'],
  ['Alt+↑', 'previous'],
  ['Alt+S', 'copySource'],
  ['Alt+M', 'acceptMemory'],
  ['Alt+A', 'approve'],
  ['Alt+R', 'reject'],
  ['?', 'help'],
  ['Esc', 'close'],
] as const;

function shortcutsDialog(ctx: PageContext): SafeHtml {
  return html`<dialog id="shortcuts" aria-labelledby="shortcuts-title">
    <h2 id="shortcuts-title">${ctx.t('review:shortcuts.title')}</h2>
    <dl class="shortcuts">${SHORTCUTS.map(([keys, id]) => html`<dt><kbd>${keys}</kbd></dt><dd>${ctx.t(`review:shortcuts.${id}`)}</dd>`)}</dl>
    ${tagHelp(ctx)}
    <form method="dialog"><button type="submit">${ctx.t('review:shortcuts.close')}</button></form>
  </dialog>`;
}

/**
 * The whole article side by side: source and target in reading order, one form per segment, tools beside each.
 * `rows` stands in for the rows when the caller draws them itself (routes/review-page.ts splices in cached rows).
 */
export function reviewView(ctx: PageContext, view: ReviewPageView, rows?: SafeHtml): SafeHtml {
  const here = view.progress.find((p) => p.locale === view.locale);
  return html`<link rel="stylesheet" href="/assets/review.css">
  <div id="review" data-slug="${view.slug}" data-locale="${view.locale}" data-user="${ctx.user?.name ?? ''}" data-events="/events${reviewBase(view)}" data-lock-template="${ctx.t('review:lock.editing', { names: '{{names}}' })}"
    data-tags-complete="${ctx.t('review:tags.allPresent')}" data-network-error="${ctx.t('review:errors.network')}" data-keep-mine="${ctx.t('review:conflict.keepMine')}">
  <p class="breadcrumb"><a href="/articles">${ctx.t('review:articles.title')}</a> › <a href="/queue?article=${encodeURIComponent(view.slug)}">${ctx.t('review:queue.title')}</a></p>
  <h1><span lang="${view.sourceLocale}">${view.title}</span> <span class="h1-locale">→ ${localeName(ctx, view.locale)}</span></h1>
  ${view.embargo ? html`<p class="review-embargo">${embargoBadge(ctx, view.embargo)}</p>` : ''}
  <div class="review-summary">
    <nav class="locale-tabs" aria-label="${ctx.t('review:localeTabs')}"><ul>${view.progress.map(
      (
        p,
      ) => html`<li><a href="/review/${encodeURIComponent(view.slug)}/${encodeURIComponent(p.locale)}"${p.locale === view.locale ? html` aria-current="page"` : ''}>
        ${localeName(ctx, p.locale)} ${progressBar(ctx, p.counts.approved, p.total)}</a></li>`,
    )}</ul></nav>
    ${
      here
        ? html`<p class="state-counts">${(['untranslated', 'draft', 'stale', 'submitted', 'approved'] as const).map(
            (state) => html`<span class="state state-${state}">${ctx.t(`review:states.${state}`)} ${here.counts[state]}</span> `,
          )}</p>`
        : ''
    }
    ${effortChart(ctx, view.effort)}
  </div>
  <div class="review-tools">
    ${
      view.canReview && view.approvable > 0
        ? html`<form method="post" action="${reviewBase(view)}/approve-all" data-confirm="${ctx.t('review:approveAll.confirm', { count: view.approvable })}">
        ${csrfField(ctx)}<input type="hidden" name="expected" value="${view.approvable}">
        <button type="submit">${ctx.t('review:approveAll.button', { count: view.approvable })}</button></form>`
        : ''
    }
    ${
      view.canEdit && view.ownDrafts > 0
        ? html`<form method="post" action="${reviewBase(view)}/submit-all" data-confirm="${ctx.t('review:submitAll.confirm')}">
        ${csrfField(ctx)}<button type="submit" data-action="submit-all">${ctx.t('review:submitAll.button')} (${view.ownDrafts})</button></form>`
        : ''
    }
    <button type="button" class="help-button" data-open-help aria-haspopup="dialog" hidden>${ctx.t('review:shortcuts.open')}</button>
    ${mtBannerView(ctx, view.mt, { page: 'review', slug: view.slug, locale: view.locale })}
  </div>
  ${xliffTools(ctx, view)}
  ${mtProgressView(ctx, view.mtProgress)}
  ${view.notice ? html`<p class="message notice" role="status">${view.notice}</p>` : ''}
  ${
    // A refusal that kept typed text is shown beside that segment's editor instead (segment-row.ts).
    view.alert && view.alert.text === undefined
      ? html`<div class="message error" role="alert"><p>${view.alert.message}</p>${view.alert.detail ? html`<p>${view.alert.detail}</p>` : ''}
      ${view.alert.segmentId ? html`<p><a href="#seg-${view.alert.segmentId}">${ctx.t('review:alert.goTo')}</a></p>` : ''}</div>`
      : ''
  }
  <div class="columns-head" aria-hidden="true"><span>${localeName(ctx, view.sourceLocale)}</span><span>${localeName(ctx, view.locale)}</span></div>
  ${view.pager ?? ''}
  <h2 class="visually-hidden">${ctx.t('review:segmentsHeading')}</h2>
  <ol class="segments">${rows ?? view.rows.map((row) => segmentRow(ctx, view, row))}</ol>
  ${view.pager ?? ''}
  <details class="shortcuts-static"><summary>${ctx.t('review:shortcuts.title')}</summary>
    <dl class="shortcuts">${SHORTCUTS.map(([keys, id]) => html`<dt><kbd>${keys}</kbd></dt><dd>${ctx.t(`review:shortcuts.${id}`)}</dd>`)}</dl>${tagHelp(ctx)}</details>
  ${shortcutsDialog(ctx)}
  <template id="local-draft-note"><p class="local-draft-note">${ctx.t('review:segment.restored')} <button type="button" class="link-button" data-discard-local>${ctx.t('review:segment.discardLocal')}</button></p></template>
  </div>
  <script src="/assets/review.js" defer></script>
  <script type="module" src="/assets/review-edit.js"></script>
  <script src="/assets/live.js" defer></script>`;
}
