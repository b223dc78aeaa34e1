import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { DEFAULT_TARGET_LOCALES } from '../../core/locale.ts';
import { LOCALE_BOUND_ROLES } from '../../core/roles.ts';
import type { ApiTokenView } from '../../services/api-tokens.ts';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, MAX_TOKEN_NAME_LENGTH } from '../../services/api-tokens.ts';
import { tokenIdParam } from '../id-params.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole, requireService } from '../guards.ts';
import { html, type SafeHtml } from '../html.ts';
import { dateTimeFormat } from '../intl-cache.ts';
import { OneTimeNotes } from '../one-time-notes.ts';
import { type PageContext, pageContext, sendPage } from '../render.ts';
import type { RouteModule } from '../routes/index.ts';
import { localeField, typedText, validated } from '../validate.ts';
import { csrfField } from '../views/forms.ts';

/** The account page for personal API tokens: make one (its secret shown once), see them with their last use, revoke. */

const CreateBody = z.object({
  name: typedText(MAX_TOKEN_NAME_LENGTH, { trim: true }),
  readOnly: z.literal('on').optional(),
  locales: z
    .union([localeField, z.array(localeField).max(20)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  days: z.coerce.number().int().min(1).max(MAX_TOKEN_DAYS).default(DEFAULT_TOKEN_DAYS),
});
const PageQuery = z.object({ created: z.string().max(64).optional(), revoked: z.string().max(100).optional() });
const IdParams = z.object({ id: tokenIdParam });

interface Created {
  readonly name: string;
  readonly secret: string;
}

function when(ctx: PageContext, iso: string | undefined): SafeHtml | string {
  if (!iso) return ctx.t('api:tokens.never');
  return html`<time datetime="${iso}">${dateTimeFormat(ctx.lng, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))}</time>`;
}

function tokensView(
  ctx: PageContext,
  view: { tokens: readonly ApiTokenView[]; locales: readonly string[]; created?: Created; revoked?: string },
): SafeHtml {
  return html`<p>${ctx.t('api:tokens.intro')} <a href="/api/docs">${ctx.t('api:tokens.docs')}</a></p>
  ${view.created ? html`<div class="message" role="status"><p>${ctx.t('api:tokens.created')}</p><p><label for="new-secret">${ctx.t('api:tokens.secret')} (${view.created.name})</label> <input id="new-secret" class="secret" readonly value="${view.created.secret}" size="50"></p></div>` : ''}
  ${view.revoked ? html`<p class="message" role="status">${ctx.t('api:tokens.revoked', { name: view.revoked })}</p>` : ''}
  <h2>${ctx.t('api:tokens.list')}</h2>
  ${
    view.tokens.length === 0
      ? html`<p>${ctx.t('api:tokens.none')}</p>`
      : html`<div class="table-scroll"><table class="api-tokens">
    <caption class="visually-hidden">${ctx.t('api:tokens.list')}</caption>
    <thead><tr><th scope="col">${ctx.t('api:tokens.name')}</th><th scope="col">${ctx.t('api:tokens.scope')}</th><th scope="col">${ctx.t('api:tokens.state')}</th><th scope="col">${ctx.t('api:tokens.expires')}</th><th scope="col">${ctx.t('api:tokens.lastUsed')}</th><th scope="col"><span class="visually-hidden">${ctx.t('api:tokens.revoke')}</span></th></tr></thead>
    <tbody>${view.tokens.map(
      (t) => html`<tr>
        <th scope="row">${t.name}</th>
        <td>${t.readOnly ? ctx.t('api:tokens.scopeRead') : ctx.t('api:tokens.scopeAll')}; ${t.locales ? t.locales.join(', ') : ctx.t('api:tokens.allLocales')}</td>
        <td>${ctx.t(`api:tokens.states.${t.state}`)}</td>
        <td>${when(ctx, t.expiresAt)}</td>
        <td>${when(ctx, t.lastUsedAt)}</td>
        <td>${
          t.state === 'active'
            ? html`<form method="post" action="/account/tokens/${t.id}/revoke">${csrfField(ctx)}<button type="submit" aria-label="${ctx.t('api:tokens.revokeLabel', { name: t.name })}">${ctx.t('api:tokens.revoke')}</button></form>`
            : ''
        }</td>
      </tr>`,
    )}</tbody></table></div>`
  }
  <h2>${ctx.t('api:tokens.create')}</h2>
  <form method="post" action="/account/tokens">${csrfField(ctx)}
    <p><label for="token-name">${ctx.t('api:tokens.name')}</label> <input id="token-name" name="name" required maxlength="${MAX_TOKEN_NAME_LENGTH}" aria-describedby="token-name-hint"> <span id="token-name-hint" class="hint">${ctx.t('api:tokens.nameHint')}</span></p>
    <p><label class="check"><input type="checkbox" name="readOnly" value="on"> ${ctx.t('api:tokens.readOnly')}</label></p>
    <fieldset class="inline"><legend>${ctx.t('api:tokens.locales')}</legend>${view.locales.map(
      (l) => html`<label class="check"><input type="checkbox" name="locales" value="${l}"> ${l}</label>`,
    )}<p class="hint">${ctx.t('api:tokens.localesHint')}</p></fieldset>
    <p><label for="token-days">${ctx.t('api:tokens.days')}</label> <input id="token-days" name="days" type="number" min="1" max="${MAX_TOKEN_DAYS}" value="${DEFAULT_TOKEN_DAYS}"></p>
    <p><button type="submit" class="primary">${ctx.t('api:tokens.submit')}</button></p>
  </form>`;
}

function getTokens(deps: AppDeps, created: OneTimeNotes<Created>): RequestHandler {
  return async (req, res) => {
    const tokens = requireService(deps.apiTokens, 'API tokens');
    const { query } = validated(req, { query: PageQuery });
    const user = res.locals.user!;
    const note = created.take(user.id, query.created);
    // Translators and reviewers may narrow a token to their own locales only; others to any target locale.
    const locales = LOCALE_BOUND_ROLES.includes(user.role) ? user.locales : (deps.config?.targetLocales ?? DEFAULT_TARGET_LOCALES);
    res.set('Cache-Control', 'no-store');
    sendPage(req, res, {
      title: req.t('api:tokens.title'),
      body: tokensView(pageContext(req, res), {
        tokens: await tokens.list(user.id),
        locales,
        ...(note ? { created: note } : {}),
        ...(query.revoked ? { revoked: query.revoked } : {}),
      }),
    });
  };
}

function postCreate(deps: AppDeps, created: OneTimeNotes<Created>): RequestHandler {
  return async (req, res) => {
    const tokens = requireService(deps.apiTokens, 'API tokens');
    const { body } = validated(req, { body: CreateBody });
    const user = res.locals.user!;
    const { secret, token } = await tokens.create({
      owner: user,
      name: body.name,
      readOnly: body.readOnly === 'on',
      locales: body.locales,
      expiresInDays: body.days,
    });
    res.locals.log?.info({ token: token.id, by: user.name }, 'API token created');
    // The secret never travels in a URL: it waits in memory for this user's next page, once.
    res.redirect(303, `/account/tokens?created=${created.put(user.id, { name: token.name, secret })}`);
  };
}

function postRevoke(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const tokens = requireService(deps.apiTokens, 'API tokens');
    const { params } = validated(req, { params: IdParams });
    const token = await tokens.revoke(params.id, res.locals.user!);
    res.redirect(303, `/account/tokens?${new URLSearchParams({ revoked: token.name })}`);
  };
}

export const tokensPageRoutes = {
  path: '/account/tokens',
  router: (deps) => {
    const router = express.Router();
    const created = new OneTimeNotes<Created>();
    router.get('/', requireRole('article.view'), getTokens(deps, created));
    router.post('/', requireRole('article.view'), postCreate(deps, created));
    router.post('/:id/revoke', requireRole('article.view'), postRevoke(deps));
    return router;
  },
} satisfies RouteModule;
