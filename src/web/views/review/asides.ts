import type { CheckResult } from '../../../core/model.ts';
import { wordDiff } from '../../../core/word-diff.ts';
import { MAX_COMMENT_LENGTH } from '../../../core/workflow.ts';
import type { SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { csrfField } from '../forms.ts';
import { diffView, segmentText } from '../segment-text.ts';
import { checkDecision } from './check-decision.ts';
import type { RowData, RowView } from './page.ts';
import { compactHtml as html, when } from './parts.ts';
import { reviewBase } from './segment-row.ts';

function checkItem(view: RowView, result: CheckResult): SafeHtml {
  const { name, sentence } = view.describeCheck(result);
  return html`<strong>${name}</strong> <span class="check-detail">${sentence}</span>`;
}

/** The tools beside a segment: stale diff, checks, suggestion, machine draft, memory, glossary, comments, history. */
export function asides(ctx: PageContext, view: RowView, row: RowData): SafeHtml {
  const { segment: s, translation: t } = row;
  const action = `${reviewBase(view)}/${encodeURIComponent(s.id)}`;
  const canEdit = view.canEdit && (t.state !== 'approved' || view.canReview);
  const oldSource = t.approvedSource ?? t.staleSource;
  const sections: SafeHtml[] = [];

  if (t.state === 'stale' && oldSource !== undefined) {
    sections.push(html`<section class="aside stale-diff">
      <h3>${ctx.t('review:stale.title')}</h3>
      <p class="hint">${ctx.t(t.approvedSource !== undefined ? 'review:stale.sinceApproval' : 'review:stale.sinceTranslation')}</p>
      <div class="pair"><div><h4>${ctx.t('review:stale.sourceChange')}</h4><p lang="${view.sourceLocale}">${diffView(wordDiff(oldSource, s.source, view.sourceLocale), view.sourceLocale, s.tags, ctx.t)}</p></div>
      <div><h4>${ctx.t('review:stale.oldTranslation')}</h4><p lang="${view.locale}">${segmentText(t.approvedText ?? t.text, s.tags, ctx.t)}</p></div></div>
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
      <p lang="${view.locale}">${segmentText(t.suggestion.text, s.tags, ctx.t)}</p>
      ${
        canEdit
          ? html`<button type="submit" form="f-${s.id}" formaction="${action}/suggestion">${ctx.t('review:suggestion.use')}</button>`
          : ''
      }</section>`);
  }

  if (t.machineDraft !== null && t.machineDraft !== undefined) {
    const changed = t.machineDraft !== t.text;
    sections.push(html`<section class="aside machine"><h3>${ctx.t('review:machine.title')}</h3>
      <p lang="${view.locale}">${segmentText(t.machineDraft, s.tags, ctx.t)}</p>
      ${
        changed && t.text
          ? html`<p class="hint">${ctx.t('review:machine.diff')}</p><p class="diff-line">${diffView(wordDiff(t.machineDraft, t.text, view.locale), view.locale, s.tags, ctx.t)}</p>`
          : html`<p class="hint">${ctx.t('review:machine.unchanged')}</p>`
      }
    </section>`);
  }

  if (row.memory.length > 0) {
    sections.push(
      html`<section class="aside memory"><h3>${ctx.t('review:memory.title')}</h3><ol>${row.memory.map(
        (m, i) => html`<li><span class="score">${ctx.t('review:memory.score', { score: Math.round(m.score) })}</span>
        <p class="memory-source" lang="${view.sourceLocale}">${m.exact ? segmentText(m.entry.source, s.tags, ctx.t) : diffView(m.diff, view.sourceLocale, s.tags, ctx.t)}</p>
        <p class="memory-target" lang="${view.locale}">${segmentText(m.text, s.tags, ctx.t)}</p>
        ${
          canEdit
            ? html`<button type="submit" form="f-${s.id}" formaction="${action}/memory" name="match" value="${i}"${i === 0 ? html` data-action="memory"` : ''}>${ctx.t('review:memory.use')}</button>`
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
    sections.push(
      html`<p class="aside mt-rerun"><button type="submit" form="f-${s.id}" formaction="${action}/mt" class="link-button">${ctx.t('review:machine.rerun')}</button></p>`,
    );
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
          }${h.checkIds?.length ? html` [${h.checkIds.map((id) => ctx.t(`checks:${id}.name`, { defaultValue: id })).join(', ')}]` : ''}${h.correctionOf !== undefined ? html` (${ctx.t('review:history.corrected', { name: h.correctionOf || '–' })})` : ''}${h.comment ? html`: <q>${h.comment}</q>` : ''}</li>`,
      )}</ol></details>`,
    );
  }
  return html`${sections}`;
}
