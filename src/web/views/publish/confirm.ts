import type { PublishRefusedError } from '../../../core/publication.ts';
import type { PublishPreparation } from '../../../services/publish.ts';
import { html, type SafeHtml } from '../../html.ts';
import { userMessage } from '../../error-messages.ts';
import { formatDate } from '../../reader/views.ts';
import type { PageContext } from '../../render.ts';
import { utcTime } from '../embargo.ts';
import { csrfField } from '../forms.ts';
import { diffRowsView } from './diff.ts';
import { publishBase } from './overview.ts';

/** The segments that keep a locale from being published, each with its state or its open checks. */
export function blockersView(ctx: PageContext, slug: string, refusal: PublishRefusedError): SafeHtml {
  const { t } = ctx;
  const { missing } = refusal;
  return html`<p class="publish-refusal">${userMessage(refusal, t, ctx.lng)}</p>
<p>${t(missing.every((m) => m.openErrors) ? 'publish:refused.checksBody' : 'publish:refused.body')}</p>
<ul class="publish-missing">${missing.map(
    (m) =>
      html`<li data-segment="${m.segmentId}">${
        m.openErrors
          ? t('publish:refused.checks', {
              order: m.order + 1,
              kind: m.kind,
              checks: m.openErrors.map((id) => t(`checks:${id}.name`, { defaultValue: id })).join(', '),
            })
          : t('publish:refused.segment', { order: m.order + 1, kind: m.kind, state: m.state })
      }</li>`,
  )}</ul>
<p><a href="/publish/${slug}">${t('publish:preview.back')}</a></p>`;
}

/** The scheduled-release field, kept as typed, with the error beside it when it was refused. */
function releaseField(ctx: PageContext, at: string | undefined, invalid: boolean): SafeHtml {
  const { t } = ctx;
  return html`<label>${t('publish:at.label')} <input type="text" name="at" value="${at ?? ''}" placeholder="2026-12-01T09:00:00Z" aria-describedby="at-hint"${
    invalid ? html` aria-invalid="true"` : ''
  } size="22"></label>
<small id="at-hint" class="publish-hint${invalid ? ' field-error' : ''}">${invalid ? t('publish:at.invalid') : t('publish:at.hint')}</small>`;
}

/** The release time field again after a refused time: the editor corrects it and asks again. */
export function invalidReleaseView(ctx: PageContext, slug: string, locale: string, at: string): SafeHtml {
  return html`<link rel="stylesheet" href="/assets/publish.css">
<form method="get" action="${publishBase(slug, locale)}/confirm" class="publish-ask">${releaseField(ctx, at, true)}
<button type="submit">${ctx.t('publish:publishAsk')}</button> <a href="/publish/${slug}">${ctx.t('publish:confirm.cancel')}</a></form>`;
}

/** The summary an editor confirms before a publish: what is published, when readers see it, what changed since. */
export function confirmView(ctx: PageContext, prep: PublishPreparation, at: string | undefined): SafeHtml {
  const { t } = ctx;
  const { version, previous } = prep;
  const base = publishBase(version.slug, version.locale);
  const previewHref = `${base}/preview${at ? `?at=${encodeURIComponent(at)}` : ''}`;
  const changed = prep.rows.filter((r) => r.kind !== 'same').length;
  const summary = html`<ul class="publish-summary">
  <li>${t('publish:confirm.segments', { count: prep.segments })}</li>
  <li>${
    previous
      ? t('publish:confirm.next', {
          version: version.version,
          previous: previous.version,
          at: formatDate(previous.publishedAt, ctx.lng),
          by: previous.publishedBy,
        })
      : t('publish:confirm.first', { version: version.version })
  }</li>
  <li>${version.releaseAt ? t('publish:confirm.releaseAt', { at: utcTime(version.releaseAt, ctx.lng) }) : t('publish:confirm.releaseNow')}</li>
  ${
    previous
      ? html`<li>${
          prep.sourceSegmentsChanged > 0
            ? t('publish:confirm.sourceChanged', { count: prep.sourceSegmentsChanged, previous: previous.version })
            : t('publish:confirm.sourceSame', { previous: previous.version })
        }</li>`
      : ''
  }
</ul>`;
  const changes = previous
    ? html`<h2>${t('publish:confirm.changes', { count: changed, previous: previous.version })}</h2>
${diffRowsView(ctx, prep.rows, { locale: version.locale, before: previous.version, after: version.version, changedOnly: true })}`
    : '';
  const action = prep.unchanged
    ? html`<p class="publish-unchanged" id="publish-reason">${t('publish:confirm.unchanged', { version: previous?.version ?? 0 })}</p>
<p><button type="button" disabled aria-describedby="publish-reason">${t('publish:confirm.publishNow', { version: version.version })}</button>
<a href="/publish/${version.slug}">${t('publish:confirm.cancel')}</a></p>`
    : html`<form method="post" action="${base}" class="publish-confirm">${csrfField(ctx)}
${at ? html`<input type="hidden" name="at" value="${at}">` : ''}
<button type="submit" class="primary">${t(at ? 'publish:confirm.schedule' : 'publish:confirm.publishNow', { version: version.version })}</button>
<a href="/publish/${version.slug}">${t('publish:confirm.cancel')}</a></form>`;
  return html`<link rel="stylesheet" href="/assets/publish.css">
<section class="publish-page" aria-labelledby="summary-heading">
<h2 id="summary-heading">${t('publish:confirm.summary')}</h2>
${summary}
<p><a href="${previewHref}">${t('publish:confirm.preview')}</a></p>
${action}
${changes}
</section>`;
}
