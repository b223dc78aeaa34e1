import type { MtQueueCounts } from '../../core/ports/mt-store.ts';
import { plainText } from '../../core/segment-text.ts';
import { can, LOCALE_BOUND_ROLES, ROLES, type Role } from '../../core/roles.ts';
import type { WorkGroup, WorkKind } from '../../core/work-lists.ts';
import type { MyWork, RejectedSegment, ScheduledRelease, WorkList } from '../../services/my-work.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../render.ts';
import { localeName, segmentText, when } from './review/parts.ts';
import { mtBannerView } from './mt-progress.ts';

/** What only an administrator's home shows. */
export interface HomeAdmin {
  readonly users: Readonly<Record<Role, number>>;
  /** The MT state in the UI language (routes/review-extras.ts `mtBanner`); null without an MT service. */
  readonly mt: { readonly state: string; readonly message: string } | null;
  readonly mtQueue: MtQueueCounts | null;
}

/** The page context plus the source locale, for the `lang` of article titles and source text. */
type Ctx = PageContext & { readonly lang: string };

export interface HomeData {
  /** The installation's source locale. */
  readonly sourceLocale: string;
  /** Null when the installation has no work service (the page then only greets). */
  readonly work: MyWork | null;
  readonly admin: HomeAdmin | null;
}

const PREVIEW = 90;
const preview = (text: string) => {
  const plain = plainText(text);
  return plain.length > PREVIEW ? `${plain.slice(0, PREVIEW - 1)}…` : plain;
};
const enc = encodeURIComponent;
const reviewHref = (slug: string, locale: string, focus?: string) =>
  `/review/${enc(slug)}/${enc(locale)}${focus ? `?focus=${enc(focus)}#seg-${enc(focus)}` : ''}`;

/** The queue filtered to one article, locale and kind of work (and person, for their own lists). */
function queueHref(group: WorkGroup, kind: WorkKind, person?: string): string {
  const params = new URLSearchParams({ article: group.slug, locale: group.locale });
  if (kind !== 'ready' && kind !== 'rejected') params.set('state', kind);
  if (kind === 'rejected') params.set('state', 'draft');
  if (person) params.set('assignee', person);
  return `/queue?${params}`;
}

function groupList(ctx: Ctx, id: string, list: WorkList, person?: string): SafeHtml {
  if (list.groups.length === 0) return html`<p class="hint">${ctx.t(`common:home.empty.${id}`)}</p>`;
  return html`<ul class="work-list">${list.groups.map(
    (g) => html`<li><a href="${reviewHref(g.slug, g.locale)}" lang="${ctx.lang}">${g.title}</a>
      <span class="work-meta">${localeName(ctx, g.locale)} · <a href="${queueHref(g, list.kind, person)}">${ctx.t('common:home.segments', { count: g.count })}</a> · ${when(ctx, g.at)}</span></li>`,
  )}</ul>${list.more ? html`<p class="hint">${ctx.t('common:home.more', { count: list.total })}</p>` : ''}`;
}

function section(ctx: Ctx, id: string, count: number, body: SafeHtml): SafeHtml {
  return html`<section class="work" aria-labelledby="work-${id}">
    <h2 id="work-${id}">${ctx.t(`common:home.sections.${id}`)} <span class="work-count">${count}</span></h2>${body}</section>`;
}

function rejectedList(ctx: Ctx, segments: readonly RejectedSegment[]): SafeHtml {
  if (segments.length === 0) return html`<p class="hint">${ctx.t('common:home.empty.rejected')}</p>`;
  return html`<ul class="work-list rejected-list">${segments.map(
    (s) => html`<li><a href="${reviewHref(s.slug, s.locale, s.segmentId)}"><span lang="${ctx.lang}">${s.title}</span></a>
      <span class="work-meta">${localeName(ctx, s.locale)} · <span class="state state-rejected">${ctx.t('common:home.rejectedBadge')}</span></span>
      <div class="work-source" lang="${ctx.lang}">${segmentText(preview(s.source))}</div>
      <blockquote class="reject-comment"><p>${s.rejection.comment}</p>
        <footer>${ctx.t('common:home.rejectedBy', { name: s.rejection.by })} · ${when(ctx, s.rejection.at)}</footer></blockquote></li>`,
  )}</ul>`;
}

function readyList(ctx: Ctx, groups: readonly WorkGroup[]): SafeHtml {
  if (groups.length === 0) return html`<p class="hint">${ctx.t('common:home.empty.ready')}</p>`;
  return html`<ul class="work-list">${groups.map(
    (g) => html`<li><a href="/publish/${enc(g.slug)}" lang="${ctx.lang}">${g.title}</a>
      <span class="work-meta">${localeName(ctx, g.locale)} · ${when(ctx, g.at)}</span></li>`,
  )}</ul>`;
}

function scheduledList(ctx: Ctx, releases: readonly ScheduledRelease[]): SafeHtml {
  if (releases.length === 0) return html`<p class="hint">${ctx.t('common:home.empty.scheduled')}</p>`;
  return html`<ul class="work-list">${releases.map(
    (r) => html`<li><a href="/publish/${enc(r.slug)}">${r.title}</a>
      <span class="work-meta">${localeName(ctx, r.locale)} · ${ctx.t('common:home.version', { version: r.version })} · ${when(ctx, r.releaseAt)}</span></li>`,
  )}</ul>`;
}

function adminSections(ctx: Ctx, admin: HomeAdmin): SafeHtml {
  const total = ROLES.reduce((n, r) => n + admin.users[r], 0);
  const q = admin.mtQueue;
  return html`${section(
    ctx,
    'users',
    total,
    html`<dl class="facts">${ROLES.map((r) => html`<dt>${ctx.t(`common:roles.${r}`)}</dt><dd>${admin.users[r]}</dd>`)}</dl>
      <p><a href="/users">${ctx.t('common:home.manageUsers')}</a></p>`,
  )}
  ${section(
    ctx,
    'mt',
    q ? q.queued + q.inFlight + q.retrying : 0,
    html`${admin.mt ? mtBannerView(ctx, admin.mt, { page: 'articles' }, 'mt-status') : html`<p class="hint">${ctx.t('common:home.noMt')}</p>`}
      ${q ? html`<p class="hint">${ctx.t('common:home.mtQueue', { queued: q.queued + q.inFlight, retrying: q.retrying, failed: q.failed })}</p>` : ''}`,
  )}`;
}

/** Everything that waits for this person, by role, then (for admins) users and MT health. */
function workSections(ctx: Ctx, role: Role, work: MyWork, name: string): SafeHtml {
  const translatorFirst = !can(role, 'article.publish');
  const mine = (id: string, list: WorkList, always: boolean) =>
    always || list.total > 0 ? section(ctx, id, list.total, groupList(ctx, id, list, name)) : '';
  return html`${
    work.rejected.total > 0 || translatorFirst
      ? section(ctx, 'rejected', work.rejected.total, rejectedList(ctx, work.rejected.segments))
      : ''
  }
  ${mine('drafts', work.drafts, translatorFirst)}
  ${work.toReview ? section(ctx, 'toReview', work.toReview.total, groupList(ctx, 'toReview', work.toReview)) : ''}
  ${mine('mySubmitted', work.mySubmitted, false)}
  ${mine('myStale', work.myStale, false)}
  ${work.ready ? section(ctx, 'ready', work.ready.length, readyList(ctx, work.ready)) : ''}
  ${work.stale ? section(ctx, 'stale', work.stale.total, groupList(ctx, 'stale', work.stale)) : ''}
  ${work.scheduled ? section(ctx, 'scheduled', work.scheduled.length, scheduledList(ctx, work.scheduled)) : ''}`;
}

/** The landing page after login: "my work" for the user's role, with links to each piece of it. */
export function homeView(page: PageContext, data: HomeData): SafeHtml {
  const ctx: Ctx = { ...page, lang: data.sourceLocale };
  const user = ctx.user!;
  const locales = !LOCALE_BOUND_ROLES.includes(user.role)
    ? ctx.t('common:home.allLocales')
    : user.locales.length > 0
      ? user.locales.map((l) => localeName(ctx, l)).join(', ')
      : ctx.t('common:home.noLocales');
  return html`<link rel="stylesheet" href="/assets/work.css">
  <p>${ctx.t('common:home.welcome', { name: user.name })}</p>
  <dl class="facts">
    <dt>${ctx.t('common:home.role')}</dt><dd>${ctx.t(`common:roles.${user.role}`)}</dd>
    <dt>${ctx.t('common:home.locales')}</dt><dd>${locales}</dd>
  </dl>
  <p><a href="/queue">${ctx.t('common:home.openQueue')}</a></p>
  ${data.work ? html`<div class="my-work">${workSections(ctx, user.role, data.work, user.name)}</div>` : ''}
  ${data.admin ? adminSections(ctx, data.admin) : ''}`;
}
