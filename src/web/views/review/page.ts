import type { EmbargoNotice } from '../../../core/front-matter.ts';
import type { CheckResult, HistoryEntry, Segment, Translation } from '../../../core/model.ts';
import type { LocaleProgress } from '../../../core/progress.ts';
import { ignorablesInsideWords, plainText } from '../../../core/segment-text.ts';
import { wordDiff } from '../../../core/word-diff.ts';
import { MAX_COMMENT_LENGTH } from '../../../core/workflow.ts';
import type { CheckResultText } from '../../../services/check-text.ts';
import type { CheckResultWithStatus } from '../../../services/checks.ts';
import type { SoftLockHolder } from '../../../services/soft-lock.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import type { GlossaryEntryLike, MemoryMatchLike } from '../../routes/review-extras.ts';
import { embargoBadge } from '../embargo.ts';
import { csrfField } from '../forms.ts';
import { mtProgressView, type MtProgressView } from '../mt-progress.ts';
import { checkDecision } from './check-decision.ts';
import { diffView, effortChart, localeName, progressBar, segmentText, stateBadge, when, type EffortBar } from './parts.ts';

export interface SegmentRow {
  readonly segment: Segment;
  readonly translation: Translation;
  /** The next segment (in reading order, wrapping) that needs this user's work, for "save and go on". */
  readonly nextId: string | null;
  readonly needsWork: boolean;
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

const base = (v: Pick<ReviewPageView, 'slug' | 'locale'>) => `/review/${encodeURIComponent(v.slug)}/${encodeURIComponent(v.locale)}`;

export const SHORTCUTS = [
  ['Ctrl+Enter', 'saveNext'],
  ['Alt+↓', 'next'],
  ['Alt+↑', 'previous'],
  ['Alt+S', 'copySource'],
  ['Alt+M', 'acceptMemory'],
  ['Alt+A', 'approve'],
  ['Alt+R', 'reject'],
  ['?', 'help'],
  ['Esc', 'close'],
] as const;

function checkItem(view: ReviewPageView, result: CheckResult): SafeHtml {
  const { name, sentence } = view.describeCheck(result);
  return html`<strong>${name}</strong> <span class="check-detail">${sentence}</span>`;
}

function who(ctx: PageContext, t: Translation): SafeHtml {
  if (!t.updatedBy) return html``;
  return html`<span class="who">${ctx.t('review:segment.by', { name: t.updatedBy })} · ${when(ctx, t.updatedAt)}</span>`;
}

function segmentForm(ctx: PageContext, view: ReviewPageView, row: SegmentRow): SafeHtml {
  const { segment: s, translation: t } = row;
  const action = `${base(view)}/${encodeURIComponent(s.id)}`;
  const label = ctx.t('review:segment.translationLabel', { locale: localeName(ctx, view.locale), n: s.order + 1 });
  const mayEditApproved = t.state !== 'approved' || view.canReview;
  if (!view.canEdit || !mayEditApproved) {
    return html`<div class="seg-text" lang="${view.locale}" dir="auto">${t.text ? segmentText(t.text, s.tags) : html`<span class="empty">${ctx.t('review:segment.empty')}</span>`}</div>
      <p class="hint">${!view.canEdit ? ctx.t('review:segment.readOnly') : ctx.t('review:segment.approvedReadOnly')}</p>`;
  }
  const errors = row.checks.filter((c) => c.severity === 'error' && c.status === 'open').length;
  const ownText = view.fourEyes && t.textBy === ctx.user?.name;
  const reviewable = view.canReview && t.state === 'submitted';
  const refused =
    view.alert?.segmentId === s.id && view.alert.text !== undefined
      ? { text: view.alert.text, detail: view.alert.detail ?? view.alert.message }
      : null;
  return html`<form method="post" action="${action}/save" class="seg-form" data-segment="${s.id}">
    ${csrfField(ctx)}
    <input type="hidden" name="baseRevision" value="${t.revision}">
    <input type="hidden" name="advance" value="">
    <label class="visually-hidden" for="t-${s.id}">${label}</label>
    <textarea id="t-${s.id}" name="text" lang="${view.locale}" dir="auto" rows="${Math.min(12, Math.max(2, Math.ceil(s.source.length / 45)))}"
      data-segment="${s.id}" data-revision="${t.revision}" data-updated-by="${t.updatedBy ?? ''}" data-source="${s.source}"
      placeholder="${ctx.t('review:segment.placeholder')}"${refused ? html` aria-invalid="true" aria-describedby="err-${s.id}"` : ''}>${refused ? refused.text : t.text}</textarea>
    ${refused ? html`<p class="message error seg-error" id="err-${s.id}">${refused.detail}</p>` : ''}
    <p class="local-draft-note" hidden>${ctx.t('review:segment.restored')} <button type="button" class="link-button" data-discard-local>${ctx.t('review:segment.discardLocal')}</button></p>
    <div class="seg-actions">
      <button type="submit" data-action="save">${ctx.t('review:actions.save')}</button>
      <button type="submit" formaction="${action}/submit" data-action="submit">${ctx.t('review:actions.submit')}</button>
      ${
        reviewable
          ? html`<button type="submit" formaction="${action}/approve" class="primary" data-action="approve">${ctx.t('review:actions.approve')}</button>
          ${
            errors > 0
              ? html`<label class="override"><span>${ctx.t('review:checks.overrideLabel', { count: errors })}</span>
                <input type="text" name="override" maxlength="500" autocomplete="off"></label>`
              : ''
          }
          ${ownText ? html`<span class="hint four-eyes">${ctx.t('review:segment.fourEyesHint')}</span>` : ''}`
          : ''
      }
    </div>
  </form>
  ${
    reviewable
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

function asides(ctx: PageContext, view: ReviewPageView, row: SegmentRow): SafeHtml {
  const { segment: s, translation: t } = row;
  const action = `${base(view)}/${encodeURIComponent(s.id)}`;
  const canEdit = view.canEdit && (t.state !== 'approved' || view.canReview);
  const oldSource = t.approvedSource ?? t.staleSource;
  const sections: SafeHtml[] = [];

  if (t.state === 'stale' && oldSource !== undefined) {
    sections.push(html`<section class="aside stale-diff">
      <h3>${ctx.t('review:stale.title')}</h3>
      <p class="hint">${ctx.t(t.approvedSource !== undefined ? 'review:stale.sinceApproval' : 'review:stale.sinceTranslation')}</p>
      <div class="pair"><div><h4>${ctx.t('review:stale.sourceChange')}</h4><p lang="${view.sourceLocale}">${diffView(wordDiff(oldSource, s.source, view.sourceLocale), view.sourceLocale)}</p></div>
      <div><h4>${ctx.t('review:stale.oldTranslation')}</h4><p lang="${view.locale}">${segmentText(t.approvedText ?? t.text, s.tags)}</p></div></div>
    </section>`);
  }

  const checks = row.checks;
  if (!row.checked) {
    sections.push(html`<section class="aside checks not-checked" data-checked="false"><h3>${ctx.t('review:checks.notChecked')}</h3>
      <p class="hint">${ctx.t('review:checks.notCheckedHint')}</p></section>`);
  } else if (checks.length > 0) {
    // An error that appeared after approval (a glossary term added since) blocks publishing: say how to resolve it.
    const reopen = t.state === 'approved' && view.canReview && checks.some((c) => c.severity === 'error' && c.status === 'open');
    sections.push(
      html`<section class="aside checks"><h3>${ctx.t('review:checks.title')}</h3>${reopen ? html`<p class="hint">${ctx.t('review:checks.afterApproval')}</p>` : ''}<ul>${checks.map(
        (
          c,
        ) => html`<li class="check-${c.severity}" data-check="${c.checkId}" data-status="${c.status}"><span class="severity">${ctx.t(`review:checks.${c.severity}`)}</span>
        ${checkItem(view, c)}${checkDecision(ctx, s, action, c, view.canEdit)}</li>`,
      )}</ul></section>`,
    );
  }

  if (t.suggestion) {
    sections.push(html`<section class="aside suggestion"><h3>${ctx.t(`review:suggestion.${t.suggestion.origin === 'memory' ? 'memory' : 'machine'}`)}</h3>
      <p lang="${view.locale}">${segmentText(t.suggestion.text, s.tags)}</p>
      ${
        canEdit
          ? html`<form method="post" action="${action}/suggestion">${csrfField(ctx)}<input type="hidden" name="baseRevision" value="${t.revision}">
          <button type="submit">${ctx.t('review:suggestion.use')}</button></form>`
          : ''
      }</section>`);
  }

  if (t.machineDraft !== null && t.machineDraft !== undefined) {
    const changed = t.machineDraft !== t.text;
    sections.push(html`<section class="aside machine"><h3>${ctx.t('review:machine.title')}</h3>
      <p lang="${view.locale}">${segmentText(t.machineDraft, s.tags)}</p>
      ${
        changed && t.text
          ? html`<p class="hint">${ctx.t('review:machine.diff')}</p><p class="diff-line">${diffView(wordDiff(t.machineDraft, t.text, view.locale), view.locale)}</p>`
          : html`<p class="hint">${ctx.t('review:machine.unchanged')}</p>`
      }
    </section>`);
  }

  if (row.memory.length > 0) {
    sections.push(
      html`<section class="aside memory"><h3>${ctx.t('review:memory.title')}</h3><ol>${row.memory.map(
        (m, i) => html`<li><span class="score">${ctx.t('review:memory.score', { score: Math.round(m.score) })}</span>
        <p class="memory-source" lang="${view.sourceLocale}">${m.exact ? segmentText(m.entry.source, s.tags) : diffView(m.diff, view.sourceLocale)}</p>
        <p class="memory-target" lang="${view.locale}">${segmentText(m.text, s.tags)}</p>
        ${
          canEdit
            ? html`<form method="post" action="${action}/memory">${csrfField(ctx)}<input type="hidden" name="baseRevision" value="${t.revision}">
            <input type="hidden" name="match" value="${i}">
            <button type="submit"${i === 0 ? html` data-action="memory"` : ''}>${ctx.t('review:memory.use')}</button></form>`
            : ''
        }</li>`,
      )}</ol></section>`,
    );
  }

  if (row.glossary.length > 0) {
    sections.push(
      html`<section class="aside glossary"><h3>${ctx.t('review:glossary.title')}</h3><dl>${row.glossary.map(
        (g) =>
          html`<dt lang="${view.sourceLocale}">${g.source}</dt><dd lang="${view.locale}">${g.target}${g.note ? html` <span class="hint">${g.note}</span>` : ''}${
            g.forbidden?.length
              ? html` <span class="hint">${ctx.t('review:glossary.forbidden', { terms: g.forbidden.join(', ') })}</span>`
              : ''
          }</dd>`,
      )}</dl></section>`,
    );
  }

  if (view.mt && view.mt.state !== 'off' && canEdit) {
    sections.push(html`<form method="post" action="${action}/mt" class="aside mt-rerun">${csrfField(ctx)}
      <button type="submit" class="link-button">${ctx.t('review:machine.rerun')}</button></form>`);
  }

  if (t.comments.length > 0 || view.canComment) {
    sections.push(
      html`<section class="aside comments"><h3>${ctx.t('review:comments.title')}</h3>${
        t.comments.length > 0
          ? html`<ul>${t.comments.map((c) => html`<li><span class="who">${c.by} · ${when(ctx, c.at)}</span><p>${c.text}</p></li>`)}</ul>`
          : ''
      }${
        view.canComment
          ? html`<details class="comment-add" data-segment="${s.id}"><summary>${ctx.t('review:comments.open')}</summary>
        <form method="post" action="${action}/comment">${csrfField(ctx)}
          <label for="cm-${s.id}">${ctx.t('review:comments.label')}</label>
          <textarea id="cm-${s.id}" name="comment" rows="2" required maxlength="${MAX_COMMENT_LENGTH}" data-comment></textarea>
          <p class="hint">${ctx.t('review:comments.hint')}</p>
          <button type="submit" data-action="comment">${ctx.t('review:comments.add')}</button>
        </form></details>`
          : ''
      }</section>`,
    );
  }

  if (row.history.length > 0) {
    sections.push(
      html`<details class="aside history"><summary>${ctx.t('review:history.title', { count: row.history.length })}</summary><ol>${row.history.map(
        (h) =>
          html`<li>${when(ctx, h.at)} · ${h.by} · ${ctx.t(`review:history.actions.${h.action}`, { defaultValue: h.action })}${
            h.from && h.to && h.from !== h.to ? html` (${ctx.t(`review:states.${h.from}`)} → ${ctx.t(`review:states.${h.to}`)})` : ''
          }${h.checkIds?.length ? html` [${h.checkIds.map((id) => ctx.t(`checks:${id}.name`, { defaultValue: id })).join(', ')}]` : ''}${h.comment ? html`: <q>${h.comment}</q>` : ''}</li>`,
      )}</ol></details>`,
    );
  }
  return html`${sections}`;
}

/** The import warning about ignorable code points inside the source's words (services ImportWarning), shown again here. */
function invisibleNotice(ctx: PageContext, s: Segment): SafeHtml | '' {
  const codePoints = ignorablesInsideWords(plainText(s.source));
  if (codePoints.length === 0) return '';
  return html`<p class="notice invisible-chars" role="note">${ctx.t('review:invisible.notice', { codePoints: codePoints.join(', ') })}</p>`;
}

function segmentRow(ctx: PageContext, view: ReviewPageView, row: SegmentRow): SafeHtml {
  const { segment: s, translation: t } = row;
  return html`<li class="segment kind-${s.kind} seg-state-${t.state}" id="seg-${s.id}" data-segment="${s.id}" data-revision="${t.revision}" data-needs-work="${row.needsWork ? 'true' : 'false'}"${row.nextId ? html` data-next="${row.nextId}"` : ''}>
    <div class="seg-meta">
      <span class="seg-number">${s.order + 1}</span>
      <span class="kind-label">${ctx.t(`review:kinds.${s.kind}`)}</span>
      ${stateBadge(ctx, t.state)} ${who(ctx, t)}
      <span class="soft-lock" role="status" data-soft-lock${row.editors.length === 0 ? html` hidden` : ''}>${
        row.editors.length > 0 ? ctx.t('review:lock.editing', { names: row.editors.map((e) => e.name).join(', ') }) : ''
      }</span>
    </div>
    <div class="seg-source" lang="${view.sourceLocale}" dir="auto">${segmentText(s.source, s.tags)}</div>
    ${invisibleNotice(ctx, s)}
    <div class="seg-target">${segmentForm(ctx, view, row)}</div>
    <div class="seg-asides">${asides(ctx, view, row)}</div>
  </li>`;
}

function shortcutsDialog(ctx: PageContext): SafeHtml {
  return html`<dialog id="shortcuts" aria-labelledby="shortcuts-title">
    <h2 id="shortcuts-title">${ctx.t('review:shortcuts.title')}</h2>
    <dl class="shortcuts">${SHORTCUTS.map(([keys, id]) => html`<dt><kbd>${keys}</kbd></dt><dd>${ctx.t(`review:shortcuts.${id}`)}</dd>`)}</dl>
    <form method="dialog"><button type="submit">${ctx.t('review:shortcuts.close')}</button></form>
  </dialog>`;
}

/** The whole article side by side: source and target in reading order, one form per segment, tools beside each. */
export function reviewView(ctx: PageContext, view: ReviewPageView): SafeHtml {
  const here = view.progress.find((p) => p.locale === view.locale);
  return html`<link rel="stylesheet" href="/assets/review.css">
  <div id="review" data-slug="${view.slug}" data-locale="${view.locale}" data-user="${ctx.user?.name ?? ''}" data-events="/events${base(view)}" data-lock-template="${ctx.t('review:lock.editing', { names: '{{names}}' })}">
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
        ? html`<form method="post" action="${base(view)}/approve-all" data-confirm="${ctx.t('review:approveAll.confirm', { count: view.approvable })}">
        ${csrfField(ctx)}<input type="hidden" name="expected" value="${view.approvable}">
        <button type="submit">${ctx.t('review:approveAll.button', { count: view.approvable })}</button></form>`
        : ''
    }
    <button type="button" class="help-button" data-open-help aria-haspopup="dialog" hidden>${ctx.t('review:shortcuts.open')}</button>
    ${view.mt ? html`<p class="hint mt-status mt-${view.mt.state}">${view.mt.message}</p>` : ''}
  </div>
  ${mtProgressView(ctx, view.mtProgress)}
  ${view.notice ? html`<p class="message notice" role="status">${view.notice}</p>` : ''}
  ${
    view.alert
      ? html`<div class="message error" role="alert"><p>${view.alert.message}</p>${view.alert.detail ? html`<p><code>${view.alert.detail}</code></p>` : ''}
      ${view.alert.segmentId ? html`<p><a href="#seg-${view.alert.segmentId}">${ctx.t('review:alert.goTo')}</a></p>` : ''}</div>`
      : ''
  }
  <div class="columns-head" aria-hidden="true"><span>${localeName(ctx, view.sourceLocale)}</span><span>${localeName(ctx, view.locale)}</span></div>
  ${view.pager ?? ''}
  <ol class="segments">${view.rows.map((row) => segmentRow(ctx, view, row))}</ol>
  ${view.pager ?? ''}
  <details class="shortcuts-static"><summary>${ctx.t('review:shortcuts.title')}</summary>
    <dl class="shortcuts">${SHORTCUTS.map(([keys, id]) => html`<dt><kbd>${keys}</kbd></dt><dd>${ctx.t(`review:shortcuts.${id}`)}</dd>`)}</dl></details>
  ${shortcutsDialog(ctx)}
  </div>
  <script src="/assets/review.js" defer></script>
  <script src="/assets/live.js" defer></script>`;
}
