import type { LocaleReadiness, PublishOverview } from '../../../services/publish.ts';
import { html, type SafeHtml } from '../../html.ts';
import { languageName } from '../../reader/views.ts';
import type { PageContext } from '../../render.ts';
import { embargoBadge, utcTime } from '../embargo.ts';
import { csrfField } from '../forms.ts';

export const PUBLISH_DONE = ['published', 'scheduled', 'unchanged', 'unpublished'] as const;
export type PublishDone = (typeof PUBLISH_DONE)[number];

/** What the last form post did, for the notice on the page it redirected to. */
export interface PublishNotice {
  readonly done: PublishDone;
  readonly locale: string;
  readonly version?: number | undefined;
  readonly at?: string | undefined;
  /** The reader page to read the published text on, when readers can see it now. */
  readonly readerPath?: string | undefined;
}

export interface OverviewView {
  readonly overview: PublishOverview;
  readonly canPublish: boolean;
  readonly notice?: PublishNotice;
}

export const publishBase = (slug: string, locale: string) => `/publish/${slug}/${locale}`;

/** The sentence under a locale's status that says whether it can be published, and if not, why. */
function readinessText(ctx: PageContext, row: LocaleReadiness): string {
  const { t } = ctx;
  if (row.state === 'up-to-date') return t('publish:state.upToDate', { version: row.publication?.latestVersion ?? 0 });
  if (row.state === 'ready') return t('publish:state.ready');
  // The same open-error count as `tandem check`; approved segments with open errors block like unapproved ones.
  const unapproved = row.missing.filter((m) => m.openErrors === undefined).length;
  return unapproved > 0 ? t('publish:state.missing', { count: unapproved }) : t('publish:state.openErrors', { count: row.openErrors });
}

function statusText(ctx: PageContext, row: LocaleReadiness): string {
  const { t } = ctx;
  const p = row.publication;
  if (!p) return t('publish:state.never');
  if (row.scheduled !== undefined) return t('publish:state.scheduled', { version: p.latestVersion, at: utcTime(row.scheduled, ctx.lng) });
  return p.live ? t('publish:state.live', { version: p.latestVersion }) : t('publish:state.unpublished', { version: p.latestVersion });
}

function actions(ctx: PageContext, slug: string, row: LocaleReadiness, reasonId: string): SafeHtml {
  const { t } = ctx;
  const base = publishBase(slug, row.locale);
  const disabled = row.state !== 'ready';
  // A GET form: the confirmation page shows what would be published, and its own form does the POST.
  return html`<form method="get" action="${base}/confirm" class="publish-ask">
  <label>${t('publish:at.label')} <input type="text" name="at" inputmode="text" placeholder="2026-12-01T09:00:00Z" aria-describedby="${reasonId}-at" size="22"${disabled ? html` disabled` : ''}></label>
  <small id="${reasonId}-at" class="publish-hint">${t('publish:at.hint')}</small>
  <button type="submit"${disabled ? html` disabled aria-describedby="${reasonId}"` : ''}>${t('publish:publishAsk')}</button>
</form>
${row.state !== 'blocked' ? html`<a href="${base}/preview">${t('publish:preview.link')}</a>` : ''}
${row.publication?.live ? html`<form method="post" action="${base}/unpublish">${csrfField(ctx)}<button type="submit">${t('publish:unpublish')}</button></form>` : ''}`;
}

function noticeView(ctx: PageContext, notice: PublishNotice): SafeHtml {
  const { t } = ctx;
  const language = languageName(notice.locale, ctx.lng);
  const text = t(`publish:done.${notice.done}`, { language, version: notice.version ?? 0, at: utcTime(notice.at, ctx.lng) });
  return html`<p class="message notice" role="status">${text}${
    notice.readerPath ? html` <a href="${notice.readerPath}">${t('publish:done.read')}</a>` : ''
  }</p>`;
}

/** The editor's publish page: one row per locale with its status, one readiness state, and the actions it allows. */
export function overviewView(ctx: PageContext, view: OverviewView): SafeHtml {
  const { t } = ctx;
  const { overview } = view;
  return html`<link rel="stylesheet" href="/assets/publish.css">
${view.notice ? noticeView(ctx, view.notice) : ''}
<p class="publish-source">${t('publish:sourceRevision', { revision: overview.sourceRevision })} ${embargoBadge(ctx, overview.embargo)}</p>
<table class="publish-table">
<thead><tr><th scope="col">${t('publish:locale')}</th><th scope="col">${t('publish:status')}</th><th scope="col">${t('publish:actions')}</th></tr></thead>
<tbody>${overview.locales.map((row) => {
    const p = row.publication;
    const reasonId = `readiness-${row.locale}`;
    const openErrors = row.openErrors > 0 && row.missing.some((m) => m.openErrors === undefined);
    return html`<tr data-locale="${row.locale}" data-state="${row.state}">
  <th scope="row">${languageName(row.locale, ctx.lng)} <code>${row.locale}</code>${row.locale === overview.sourceLocale ? html` <small>(${t('publish:state.source')})</small>` : ''}</th>
  <td><span class="publish-state"${row.scheduled !== undefined ? html` data-at="${row.scheduled}"` : ''}>${statusText(ctx, row)}</span>${
    p?.outdated ? html` · <span class="publish-freshness">${t('publish:state.outdated', { count: p.segmentsBehind })}</span>` : ''
  } · <span class="publish-readiness" id="${reasonId}">${readinessText(ctx, row)}</span>${
    openErrors ? html` · <span class="publish-open-errors">${t('publish:state.openErrors', { count: row.openErrors })}</span>` : ''
  }</td>
  <td class="publish-actions">${view.canPublish ? actions(ctx, overview.slug, row, reasonId) : ''}
  ${p ? html`<a href="${publishBase(overview.slug, row.locale)}/versions">${t('publish:versions')}</a>` : ''}</td>
</tr>`;
  })}</tbody>
</table>`;
}
