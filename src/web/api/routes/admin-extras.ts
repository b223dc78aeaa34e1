import { z } from 'zod';
import { MAX_RERUN_BUDGET } from '../../../services/mt/index.ts';
import { memoryEntryIdParam, userNameParam } from '../../id-params.ts';
import { requireService } from '../../guards.ts';
import { localeField } from '../../validate.ts';
import { ActorField, actorOf } from '../actor.ts';
import { type ApiOperation, operation } from '../operation.ts';
import { Slug } from '../schemas.ts';

/**
 * What the web's admin pages do beyond the first API: a password reset (users page), the daily machine-translation
 * re-run budget (usage page), deleting a memory entry (memory page) and the post-edit effort figures (articles and
 * review pages), each over the service those pages call.
 */

const NameParams = z.object({ name: userNameParam });
const EffortAverage = z.object({
  count: z.number().int().describe('Approved machine drafts counted'),
  average: z.number().nullable().describe('Average effort, 0 (kept as drafted) to 100 (rewritten); null when none'),
});
const ByLocale = z.record(z.string(), EffortAverage);
const SegmentEffort = z.object({ segmentId: z.string(), locale: z.string(), effort: z.number() });
const ArticleEffort = z.object({ slug: z.string(), byLocale: ByLocale, segments: z.array(SegmentEffort) });
const BudgetOut = z.object({
  charactersPerDay: z.number().int(),
  setBy: z.string().nullable(),
  setAt: z.string().nullable(),
  day: z.string().describe('Today, UTC'),
  spent: z.array(z.object({ user: z.string(), characters: z.number().int() })),
});

export const ADMIN_EXTRA_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'post',
    path: '/users/:name/password',
    id: 'resetUserPassword',
    summary: 'Generate a new password for an account and end its sessions; the password is in the answer, once',
    tag: 'users',
    permission: 'users.manage',
    params: NameParams,
    responses: {
      200: { description: 'The account’s name and new password', schema: z.object({ name: z.string(), password: z.string() }) },
    },
    handle: async ({ deps, params, res }) => {
      const { user, generatedPassword } = await deps.users.resetPassword(params.name);
      res.locals.log?.info({ user: user.name }, 'password reset');
      return { body: { name: user.name, password: generatedPassword ?? '' } };
    },
  }),
  operation({
    method: 'get',
    path: '/mt/budget',
    id: 'getRerunBudget',
    summary: 'The daily machine-translation re-run budget per person, and what each person re-ran today',
    tag: 'machine translation',
    permission: 'mt.queue',
    responses: { 200: { description: 'The budget', schema: BudgetOut } },
    handle: async ({ deps }) => ({ body: await requireService(deps.mt, 'machine translation').rerunBudget() }),
  }),
  operation({
    method: 'put',
    path: '/mt/budget',
    id: 'setRerunBudget',
    summary: 'Set the daily re-run budget per person (characters)',
    tag: 'machine translation',
    permission: 'mt.queue',
    body: z.object({ characters: z.number().int().min(0).max(MAX_RERUN_BUDGET) }),
    responses: { 200: { description: 'The budget as set', schema: BudgetOut } },
    handle: async ({ deps, body, user }) => {
      const mt = requireService(deps.mt, 'machine translation');
      await mt.setRerunBudget(body.characters, user.name);
      return { body: await mt.rerunBudget() };
    },
  }),
  operation({
    method: 'delete',
    path: '/memory/entries/:id',
    id: 'deleteMemoryEntry',
    summary: 'Delete one memory entry (a tombstone with who and when); 404 when it is no longer a live entry',
    tag: 'translation memory',
    permission: 'memory.manage',
    params: z.object({ id: memoryEntryIdParam }),
    query: z.object({ actor: ActorField }),
    responses: {
      200: {
        description: 'The tombstone: the deleted entry’s pair and texts, who deleted it and when',
        schema: z.object({
          id: z.string(),
          deletes: z.string().describe('The deleted entry’s id'),
          sourceLocale: z.string(),
          targetLocale: z.string(),
          source: z.string(),
          target: z.string(),
          deletedAt: z.string(),
          deletedBy: z.string(),
        }),
      },
    },
    handle: async ({ deps, params, query, user, res }) => {
      const tombstone = await requireService(deps.memory, 'translation memory').deleteEntry(params.id, actorOf(user, res, query.actor));
      const { kind: _kind, ...body } = tombstone;
      return { body };
    },
  }),
  operation({
    method: 'get',
    path: '/effort',
    id: 'getPostEditEffort',
    summary: 'Post-edit effort of approved machine drafts over the archive, per locale and article (reads every article)',
    tag: 'usage',
    permission: 'article.view',
    query: z.object({ locale: localeField.optional() }),
    responses: {
      200: {
        description: 'Averages per locale, and per article with each segment',
        schema: z.object({ byLocale: ByLocale, articles: z.array(ArticleEffort) }),
      },
    },
    handle: async ({ deps, query }) => ({
      body: await requireService(deps.articles, 'articles').effort(query.locale ? { locale: query.locale } : {}),
    }),
  }),
  operation({
    method: 'get',
    path: '/articles/:slug/effort',
    id: 'getArticleEffort',
    summary: 'Post-edit effort of one article’s approved machine drafts, per locale and segment',
    tag: 'usage',
    permission: 'article.view',
    params: z.object({ slug: Slug }),
    responses: { 200: { description: 'The article’s effort', schema: ArticleEffort } },
    handle: async ({ deps, params }) => {
      const articles = requireService(deps.articles, 'articles');
      return { body: articles.effortOf(await articles.get(params.slug)) };
    },
  }),
];
