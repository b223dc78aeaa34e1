import { z } from 'zod';
import type { Locale } from '../../../core/locale.ts';
import type { ArticleRecord, Translation } from '../../../core/model.ts';
import { MAX_CHECK_REASON_LENGTH, MAX_COMMENT_LENGTH, MAX_TRANSLATION_LENGTH } from '../../../core/workflow.ts';
import type { User } from '../../../services/auth.ts';
import type { ReviewActor } from '../../../services/review.ts';
import type { AppDeps } from '../../deps.ts';
import { requireService } from '../../guards.ts';
import { segmentOf } from '../../routes/review-page.ts';
import { typedText } from '../../validate.ts';
import { type ApiAnswer, type ApiCall, type ApiOperation, operation } from '../operation.ts';
import { ifMatchRevision, revisionEtag, staleRevision, withRevision } from '../revision.ts';
import { LocaleParams, SegmentOut, SegmentParams, TranslationOut } from '../schemas.ts';

const Text = typedText(MAX_TRANSLATION_LENGTH * 2);
const CheckId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const CheckParams = SegmentParams.extend({ checkId: CheckId });

export function translationOut(t: Translation): z.input<typeof TranslationOut> {
  return {
    segmentId: t.segmentId,
    locale: t.locale,
    state: t.state,
    text: t.text,
    revision: t.revision,
    origin: t.origin,
    updatedAt: t.updatedAt,
    updatedBy: t.updatedBy,
    comments: t.comments.map(({ by, at, text }) => ({ by, at, text })),
    checks: (t.checks ?? []).map(({ checkId, severity, detail }) => ({ checkId, severity, detail })),
    suggestion: t.suggestion ?? null,
  };
}

function actorOf(user: User): ReviewActor {
  return { name: user.name, role: user.role, locales: user.locales };
}

type Ref = { readonly slug: string; readonly locale: Locale; readonly segmentId: string };

/** The target locale and the current translation of the segment a path names (404s for unknown ones). */
async function current(deps: AppDeps, params: z.output<typeof SegmentParams>): Promise<{ ref: Ref; translation: Translation }> {
  const articles = requireService(deps.articles, 'articles');
  const locale = articles.targetLocale(params.locale);
  const record = await articles.get(params.slug);
  const { translation } = segmentOf(record, params.segmentId, locale);
  return { ref: { slug: record.article.slug, locale, segmentId: params.segmentId }, translation };
}

/** The answer to a write: the translation as stored, with its new ETag. */
function written(translation: Translation): ApiAnswer {
  return { body: translationOut(translation), headers: { ETag: revisionEtag(translation.revision) } };
}

/**
 * A write to one translation: If-Match is required and compared with the current revision first (412 when stale),
 * then the write runs with that revision as its base, so a change landing in between is a 412 too.
 */
async function writeTranslation(
  call: ApiCall<z.output<typeof SegmentParams>, unknown, unknown>,
  write: (ref: Ref, base: number, actor: ReviewActor) => Promise<Translation>,
): Promise<ApiAnswer> {
  const { ref, translation } = await current(call.deps, call.params);
  const sent = ifMatchRevision(call.req, translation.revision);
  if (translation.revision !== sent) throw staleRevision(sent, translation.revision);
  return written(await withRevision(sent, () => write(ref, sent, actorOf(call.user))));
}

const WRITE_RESPONSES = {
  200: { description: 'The translation as stored; ETag is its new revision', schema: TranslationOut },
} as const;

export const TRANSLATION_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/articles/:slug/translations/:locale',
    id: 'listTranslations',
    summary: 'Every live segment of an article with its translation in one locale',
    tag: 'translations',
    permission: 'article.view',
    params: LocaleParams,
    responses: {
      200: {
        description: 'Segments in reading order, each with its translation',
        schema: z.object({ items: z.array(z.object({ segment: SegmentOut, translation: TranslationOut })) }),
      },
    },
    handle: async ({ deps, params }) => {
      const articles = requireService(deps.articles, 'articles');
      const locale = articles.targetLocale(params.locale);
      const record: ArticleRecord = await articles.get(params.slug);
      const items = record.segments
        .filter((s) => !s.removedAt)
        .sort((a, b) => a.order - b.order)
        .map((segment) => ({
          segment: { id: segment.id, order: segment.order, source: segment.source, sourceRevision: segment.sourceRevision },
          translation: translationOut(segmentOf(record, segment.id, locale).translation),
        }));
      return { body: { items } };
    },
  }),
  operation({
    method: 'get',
    path: '/articles/:slug/translations/:locale/:segmentId',
    id: 'getTranslation',
    summary: 'One translation; its ETag is the revision a write names in If-Match',
    tag: 'translations',
    permission: 'article.view',
    params: SegmentParams,
    etag: true,
    responses: { 200: { description: 'The translation', schema: TranslationOut } },
    handle: async ({ deps, params }) => written((await current(deps, params)).translation),
  }),
  operation({
    method: 'put',
    path: '/articles/:slug/translations/:locale/:segmentId',
    id: 'saveTranslation',
    summary: 'Save a draft text (If-Match required)',
    tag: 'translations',
    permission: 'translation.edit',
    locale: true,
    params: SegmentParams,
    body: z.object({ text: Text }),
    ifMatch: true,
    responses: WRITE_RESPONSES,
    handle: (call) =>
      writeTranslation(call, (ref, baseRevision, actor) =>
        requireService(call.deps.review, 'review').saveTranslation({ ...ref, text: call.body.text, baseRevision, actor }),
      ),
  }),
  operation({
    method: 'post',
    path: '/articles/:slug/translations/:locale/:segmentId/submit',
    id: 'submitTranslation',
    summary: 'Send the translation to review, optionally saving a text first (If-Match required)',
    tag: 'translations',
    permission: 'translation.edit',
    locale: true,
    params: SegmentParams,
    body: z.object({ text: Text.optional() }),
    ifMatch: true,
    responses: WRITE_RESPONSES,
    handle: (call) =>
      writeTranslation(call, (ref, baseRevision, actor) =>
        requireService(call.deps.review, 'review').submit({
          ...ref,
          baseRevision,
          actor,
          ...(call.body.text !== undefined ? { text: call.body.text } : {}),
        }),
      ),
  }),
  operation({
    method: 'post',
    path: '/articles/:slug/translations/:locale/:segmentId/approve',
    id: 'approveTranslation',
    summary: 'Approve a submitted translation, or a correction of it (If-Match required; four-eyes rule applies)',
    tag: 'translations',
    permission: 'translation.review',
    locale: true,
    params: SegmentParams,
    body: z.object({
      text: Text.optional().describe('A corrected text, saved and approved in one write'),
      override: typedText(MAX_CHECK_REASON_LENGTH, { trim: true }).optional().describe('Why failing error-level checks do not apply'),
    }),
    ifMatch: true,
    responses: WRITE_RESPONSES,
    handle: (call) =>
      writeTranslation(call, (ref, baseRevision, actor) => {
        const review = requireService(call.deps.review, 'review');
        const common = { ...ref, baseRevision, actor, ...(call.body.override ? { overrideReason: call.body.override } : {}) };
        return call.body.text !== undefined ? review.correctAndApprove({ ...common, text: call.body.text }) : review.approve(common);
      }),
  }),
  operation({
    method: 'post',
    path: '/articles/:slug/translations/:locale/:segmentId/reject',
    id: 'rejectTranslation',
    summary: 'Send a submitted translation back with a comment (If-Match required)',
    tag: 'translations',
    permission: 'translation.review',
    locale: true,
    params: SegmentParams,
    body: z.object({ comment: typedText(MAX_COMMENT_LENGTH, { trim: true }) }),
    ifMatch: true,
    responses: WRITE_RESPONSES,
    handle: (call) =>
      writeTranslation(call, (ref, baseRevision, actor) =>
        requireService(call.deps.review, 'review').reject({ ...ref, baseRevision, comment: call.body.comment, actor }),
      ),
  }),
  operation({
    method: 'post',
    path: '/articles/:slug/translations/:locale/:segmentId/comments',
    id: 'commentTranslation',
    summary: 'Comment on a segment (If-Match required)',
    tag: 'translations',
    permission: 'translation.comment',
    locale: true,
    params: SegmentParams,
    body: z.object({ comment: typedText(MAX_COMMENT_LENGTH, { trim: true }) }),
    ifMatch: true,
    responses: { 201: { description: 'The translation with the new comment', schema: TranslationOut } },
    handle: async (call) => {
      const answer = await writeTranslation(call, (ref, _base, actor) =>
        requireService(call.deps.review, 'review').comment({ ...ref, text: call.body.comment, actor }),
      );
      return { ...answer, status: 201 };
    },
  }),
  operation({
    method: 'post',
    path: '/articles/:slug/translations/:locale/:segmentId/checks/:checkId/dismissal',
    id: 'dismissCheck',
    summary: 'Dismiss a failing warning-level check for this text, with a reason (If-Match required)',
    tag: 'translations',
    permission: 'translation.edit',
    locale: true,
    params: CheckParams,
    body: z.object({ reason: typedText(MAX_CHECK_REASON_LENGTH, { trim: true }) }),
    ifMatch: true,
    responses: WRITE_RESPONSES,
    handle: (call) =>
      writeTranslation(call, (ref, _base, actor) =>
        requireService(call.deps.review, 'review').dismissCheck({ ...ref, checkId: call.params.checkId, reason: call.body.reason, actor }),
      ),
  }),
  operation({
    method: 'delete',
    path: '/articles/:slug/translations/:locale/:segmentId/checks/:checkId/dismissal',
    id: 'undoCheckDismissal',
    summary: 'Undo the dismissal of a check (If-Match required)',
    tag: 'translations',
    permission: 'translation.edit',
    locale: true,
    params: CheckParams,
    ifMatch: true,
    responses: WRITE_RESPONSES,
    handle: (call) =>
      writeTranslation(call, (ref, _base, actor) =>
        requireService(call.deps.review, 'review').undoDismissal({ ...ref, checkId: call.params.checkId, actor }),
      ),
  }),
];
