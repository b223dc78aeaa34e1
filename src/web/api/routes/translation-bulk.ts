import { z } from 'zod';
import type { User } from '../../../services/auth.ts';
import type { ReviewActor } from '../../../services/review.ts';
import { acceptedText, type TextChoice } from '../../accepted-text.ts';
import { requireService } from '../../guards.ts';
import { type ApiOperation, operation } from '../operation.ts';
import { ifMatchRevision, revisionEtag, staleRevision, withRevision } from '../revision.ts';
import { LocaleParams, SegmentParams, TranslationOut } from '../schemas.ts';
import { translationOut } from './translations.ts';

/**
 * The review page's whole-locale actions (submit all, approve all) and its "use this" buttons (a memory match, the late
 * machine draft), over the same services: ReviewService submitAll/approveAll, and acceptedText then saveTranslation.
 */

function actorOf(user: User): ReviewActor {
  return { name: user.name, role: user.role, locales: user.locales };
}

const MemoryChoice = z.union([
  z.strictObject({ index: z.number().int().min(0).max(2).describe('The match’s place (0–2) in the review page’s list') }),
  z.strictObject({ entryId: z.string().min(1).max(200).describe('The memory entry’s id, as memory look-ups return it') }),
]);

/** Accept `choice` into the draft of the path's segment: If-Match names the revision read; a save like a typed text. */
function acceptOperation(source: TextChoice['source']) {
  return operation({
    method: 'post',
    path: `/articles/:slug/translations/:locale/:segmentId/${source === 'memory' ? 'memory-match' : 'suggestion'}`,
    id: source === 'memory' ? 'acceptMemoryMatch' : 'acceptSuggestion',
    summary:
      source === 'memory'
        ? 'Save a translation-memory match as the draft, its tags numbered as this source’s (If-Match required)'
        : 'Save the late machine draft offered beside a person’s text as the draft (If-Match required)',
    tag: 'translations',
    permission: 'translation.edit',
    locale: true,
    params: SegmentParams,
    ...(source === 'memory' ? { body: z.object({ match: MemoryChoice }) } : {}),
    ifMatch: true,
    responses: {
      200: { description: 'The translation as stored; ETag is its new revision', schema: TranslationOut },
    },
    handle: async ({ deps, params, body, req, user }) => {
      const articles = requireService(deps.articles, 'articles');
      const locale = articles.targetLocale(params.locale);
      const record = await articles.get(params.slug);
      const current = record.translations.find((t) => t.segmentId === params.segmentId && t.locale === locale)?.revision ?? 0;
      const sent = ifMatchRevision(req, current);
      const match = (body as { match?: z.output<typeof MemoryChoice> }).match;
      const choice: TextChoice = match === undefined ? { source: 'suggestion' } : { source: 'memory', ...match };
      if (current !== sent) throw staleRevision(sent, current);
      const text = await acceptedText(deps, record, params.segmentId, locale, choice);
      const saved = await withRevision(sent, () =>
        requireService(deps.review, 'review').saveTranslation({
          slug: record.article.slug,
          locale,
          segmentId: params.segmentId,
          text,
          baseRevision: sent,
          actor: actorOf(user),
        }),
      );
      return { body: translationOut(saved), headers: { ETag: revisionEtag(saved.revision) } };
    },
  });
}

export const TRANSLATION_BULK_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'post',
    path: '/articles/:slug/translations/:locale/submit-all',
    id: 'submitAllTranslations',
    summary: 'Send all of the caller’s finished drafts of this article and locale to review in one go',
    tag: 'translations',
    permission: 'translation.edit',
    locale: true,
    params: LocaleParams,
    responses: {
      200: {
        description: 'How many were sent, and how many stay drafts because an error-level check fails on them',
        schema: z.object({ submitted: z.number().int(), blocked: z.number().int() }),
      },
    },
    handle: async ({ deps, params, user }) => {
      const locale = requireService(deps.articles, 'articles').targetLocale(params.locale);
      const outcome = await requireService(deps.review, 'review').submitAll({ slug: params.slug, locale, actor: actorOf(user) });
      return { body: { submitted: outcome.submitted, blocked: outcome.blocked } };
    },
  }),
  operation({
    method: 'post',
    path: '/articles/:slug/translations/:locale/approve-all',
    id: 'approveAllTranslations',
    summary: 'Approve every translation the caller may approve unseen in this article and locale (four-eyes rule applies)',
    tag: 'translations',
    permission: 'translation.review',
    locale: true,
    params: LocaleParams,
    responses: {
      200: {
        description: 'How many were approved, how many were skipped because they changed while approving, and what was left',
        schema: z.object({
          approved: z.number().int(),
          skipped: z.number().int(),
          heldByChecks: z.number().int().describe('Submitted translations left because their checks found errors: decide them one by one'),
          ownTexts: z.number().int().describe('Submitted translations the caller wrote: another reviewer approves them (four-eyes)'),
        }),
      },
    },
    handle: async ({ deps, params, user }) => {
      const locale = requireService(deps.articles, 'articles').targetLocale(params.locale);
      const outcome = await requireService(deps.review, 'review').approveAll({ slug: params.slug, locale, actor: actorOf(user) });
      return {
        body: { approved: outcome.approved, skipped: outcome.skipped, heldByChecks: outcome.heldByChecks, ownTexts: outcome.ownTexts },
      };
    },
  }),
  acceptOperation('memory'),
  acceptOperation('suggestion'),
];
