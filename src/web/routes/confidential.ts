import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { requireRole, requireService } from '../guards.ts';
import { pageContext, sendPage } from '../render.ts';
import { blankIsAbsent, validated } from '../validate.ts';
import { type ConfidentialForm, type ConfidentialView, confidentialView } from '../views/admin/confidential.ts';
import { query } from '../views/admin/parts.ts';
import { formRefusal } from './admin-refusal.ts';
import type { RouteModule } from './index.ts';

const DONE = ['added', 'removed', 'missing'] as const;
const Slug = z.preprocess(blankIsAbsent, z.string().trim().max(200).optional());
const PageQuery = z.object({ slug: Slug, done: z.enum(DONE).optional(), term: z.string().max(400).optional() });
// Lengths above the service's limit (200), so the service's refusal, translated, is what the person reads.
const AddBody = z.object({ term: z.string().max(1000), render: z.string().max(1000).default(''), slug: Slug });
const RemoveBody = z.object({ term: z.string().max(1000), slug: Slug });

const EMPTY: ConfidentialForm = { term: '', render: '', slug: '' };

async function renderConfidential(
  deps: AppDeps,
  req: Request,
  res: Response,
  extra: Partial<Pick<ConfidentialView, 'slug' | 'form' | 'notice' | 'refusal'>>,
  status = 200,
): Promise<void> {
  const service = requireService(deps.confidential, 'confidential terms');
  let slug = extra.slug;
  let refusal = extra.refusal;
  let lists: { global: ConfidentialView['global']; article: ConfidentialView['article'] };
  try {
    lists = await service.list(slug);
  } catch (error) {
    // A malformed article slug in the address: the global list, and why the article's is missing.
    const refused = formRefusal(req, 'admin:confidential', error);
    if (!refused || slug === undefined) throw error;
    lists = await service.list();
    slug = undefined;
    refusal ??= refused;
    status = 400;
  }
  res.set('Cache-Control', 'no-store');
  sendPage(req, res, {
    status,
    title: req.t('admin:confidential.title'),
    body: confidentialView(pageContext(req, res), {
      ...lists,
      ...(slug ? { slug } : {}),
      form: extra.form ?? { ...EMPTY, slug: slug ?? '' },
      ...(extra.notice ? { notice: extra.notice } : {}),
      ...(refusal ? { refusal } : {}),
    }),
  });
}

function getConfidential(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { query: q } = validated(req, { query: PageQuery });
    const notice = q.done ? req.t(`admin:confidential.done.${q.done}`, { term: q.term ?? '' }) : undefined;
    await renderConfidential(deps, req, res, { ...(q.slug ? { slug: q.slug } : {}), ...(notice ? { notice } : {}) });
  };
}

/** Add a term, global or for one article: the service `tandem confidential add` uses, with its checks. */
function postAdd(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: AddBody });
    const service = requireService(deps.confidential, 'confidential terms');
    try {
      const record = await service.add({
        term: body.term,
        by: res.locals.user!.name,
        ...(body.slug ? { slug: body.slug } : {}),
        ...(body.render ? { render: body.render } : {}),
      });
      res.locals.log?.info({ slug: body.slug ?? null, by: res.locals.user!.name }, 'confidential term added');
      res.redirect(303, `/confidential${query({ slug: body.slug, done: 'added', term: record.term })}`);
    } catch (error) {
      const refusal = formRefusal(req, 'admin:confidential', error);
      if (!refusal) throw error;
      const form = { term: body.term, render: body.render, slug: body.slug ?? '' };
      await renderConfidential(deps, req, res, { form, refusal }, 400);
    }
  };
}

function postRemove(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: RemoveBody });
    const removed = await requireService(deps.confidential, 'confidential terms').remove(body.term, body.slug);
    res.redirect(303, `/confidential${query({ slug: body.slug, done: removed ? 'removed' : 'missing', term: body.term })}`);
  };
}

export const confidentialRoutes = {
  path: '/confidential',
  router: (deps) => {
    const router = express.Router();
    // The terms themselves are what must not spread: only those who manage them see the lists.
    router.get('/', requireRole('glossary.manage'), getConfidential(deps));
    router.post('/', requireRole('glossary.manage'), postAdd(deps));
    router.post('/remove', requireRole('glossary.manage'), postRemove(deps));
    return router;
  },
} satisfies RouteModule;
