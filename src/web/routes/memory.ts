import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { DEFAULT_SOURCE_LOCALE, DEFAULT_TARGET_LOCALES } from '../../core/locale.ts';
import { can } from '../../core/roles.ts';
import { decodeMemoryFile } from '../../services/input-file.ts';
import type { ImportSummary } from '../../services/memory.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole, requireService } from '../guards.ts';
import { uploadedFile, uploadForm } from '../multipart.ts';
import { statusOf } from '../errors.ts';
import { pageContext, sendPage } from '../render.ts';
import { blankIsAbsent, localeField, validated } from '../validate.ts';
import { type MemoryView, memoryView, SEARCH_FIELDS } from '../views/admin/memory.ts';
import { query } from '../views/admin/parts.ts';
import { formRefusal } from './admin-refusal.ts';
import type { RouteModule } from './index.ts';

/** Hits shown per page. */
export const MEMORY_PAGE_SIZE = 50;
/** Pages a search can be followed to: a concordance walks back from the newest entry, so later pages cost more. */
const MAX_PAGES = 20;
/**
 * Largest TMX accepted from the web, held in memory while it is read (the command line reads up to 200 MiB from
 * disk: `tandem memory import`).
 */
export const MEMORY_UPLOAD_MAX_BYTES = 32 * 1024 * 1024;

const Pair = { from: z.preprocess(blankIsAbsent, localeField.optional()), to: z.preprocess(blankIsAbsent, localeField.optional()) };
/** What a search keeps across a delete and its redirect. */
const Search = {
  q: z.preprocess(blankIsAbsent, z.string().max(500).optional()),
  in: z.enum(SEARCH_FIELDS).default('both'),
  page: z.coerce.number().int().min(1).max(MAX_PAGES).optional(),
};
/** An import's counts per language pair in the redirect: `en:2:0:1,ja:1:0:0` (target:added:duplicates:skipped). */
const PAIR_COUNTS = /^[A-Za-z0-9-]{1,35}:\d{1,9}:\d{1,9}:\d{1,9}$/;
/** Language pairs named in an import notice; a file with more (a TMX of every EU language) shows the totals for the rest. */
const NOTICE_PAIRS = 40;
const PageQuery = z.object({
  ...Pair,
  ...Search,
  done: z.enum(['imported', 'deleted', 'missing']).optional(),
  added: z.coerce.number().int().min(0).optional(),
  duplicates: z.coerce.number().int().min(0).optional(),
  skipped: z.coerce.number().int().min(0).optional(),
  pairs: z
    .string()
    .max(4000)
    .transform((v) => v.split(','))
    .pipe(z.array(z.string().regex(PAIR_COUNTS)).max(NOTICE_PAIRS))
    .optional(),
  nosource: z.coerce.number().int().min(0).optional(),
});
const DeleteBody = z.object({ ...Pair, ...Search, id: z.string().trim().min(1).max(100) });

function pairOf(deps: AppDeps, input: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  return {
    from: input.from ?? deps.config?.sourceLocale ?? DEFAULT_SOURCE_LOCALE,
    to: input.to ?? (deps.config?.targetLocales ?? DEFAULT_TARGET_LOCALES)[0] ?? 'en',
  };
}

async function renderMemory(
  deps: AppDeps,
  req: Request,
  res: Response,
  view: Pick<MemoryView, 'from' | 'to' | 'q' | 'in' | 'page'> & Partial<Pick<MemoryView, 'notice' | 'refusal'>>,
  status = 200,
): Promise<void> {
  const memory = requireService(deps.memory, 'translation memory');
  let hits: MemoryView['hits'] = null;
  let more = false;
  let searchRefusal: MemoryView['searchRefusal'];
  if (view.q !== '') {
    try {
      // One more than the page holds says whether there is a next page.
      const found = await memory.concordance(view.q, {
        sourceLocale: view.from,
        targetLocale: view.to,
        in: view.in,
        limit: view.page * MEMORY_PAGE_SIZE + 1,
      });
      hits = found.slice((view.page - 1) * MEMORY_PAGE_SIZE, view.page * MEMORY_PAGE_SIZE);
      more = found.length > view.page * MEMORY_PAGE_SIZE;
    } catch (error) {
      const refused = formRefusal(req, 'admin:memory', error);
      if (!refused) throw error;
      searchRefusal = refused;
      status = 400;
    }
  }
  const targetLocales = deps.config?.targetLocales ?? DEFAULT_TARGET_LOCALES;
  res.set('Cache-Control', 'no-store');
  sendPage(req, res, {
    status,
    title: req.t('admin:memory.title'),
    body: memoryView(pageContext(req, res), {
      ...view,
      targetLocales: targetLocales.includes(view.to) ? targetLocales : [...targetLocales, view.to],
      hits,
      more: more && view.page < MAX_PAGES,
      capped: more && view.page >= MAX_PAGES,
      canManage: can(res.locals.user!.role, 'memory.manage'),
      ...(searchRefusal ? { searchRefusal } : {}),
    }),
  });
}

/** The import's redirect query: totals, counts per language pair and units without source text. */
function importCounts(summary: ImportSummary): Record<string, string | number> {
  return {
    added: summary.added,
    duplicates: summary.duplicates,
    skipped: summary.skipped,
    pairs: summary.pairs
      .slice(0, NOTICE_PAIRS)
      .map((p) => `${p.targetLocale}:${p.added}:${p.duplicates}:${p.skipped}`)
      .join(','),
    nosource: summary.withoutSource,
  };
}

/** The import notice: the totals, then one sentence per language pair, then the units left out for lack of a source. */
function importNotice(req: Request, from: string, q: z.infer<typeof PageQuery>): string {
  const lines = [req.t('admin:memory.imported_summary', { count: q.added ?? 0, duplicates: q.duplicates ?? 0, skipped: q.skipped ?? 0 })];
  for (const pair of q.pairs ?? []) {
    const [to, added, duplicates, skipped] = pair.split(':');
    lines.push(
      req.t('admin:memory.imported_pair', { from, to, count: Number(added), duplicates: Number(duplicates), skipped: Number(skipped) }),
    );
  }
  if (q.nosource) lines.push(req.t('admin:memory.imported_nosource', { count: q.nosource, from }));
  return lines.join(' ');
}

function getMemory(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { query: q } = validated(req, { query: PageQuery });
    const pair = pairOf(deps, q);
    const notice =
      q.done === 'imported'
        ? importNotice(req, deps.config?.sourceLocale ?? DEFAULT_SOURCE_LOCALE, q)
        : q.done
          ? req.t(`admin:memory.${q.done}`)
          : undefined;
    await renderMemory(deps, req, res, { ...pair, q: q.q ?? '', in: q.in, page: q.page ?? 1, ...(notice ? { notice } : {}) });
  };
}

/**
 * Delete one entry (`memory.manage`): a tombstone in the memory's log, with who and when. An id that is no longer a
 * live entry (deleted in another tab, replaced) is no error: the page says so. Back to the same search either way.
 */
function postDelete(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: DeleteBody });
    const pair = pairOf(deps, body);
    const back = { ...pair, q: body.q, in: body.q ? body.in : undefined, page: body.page };
    try {
      await requireService(deps.memory, 'translation memory').deleteEntry(body.id, res.locals.user!.name);
      res.locals.log?.info({ id: body.id, by: res.locals.user!.name }, 'memory entry deleted');
      res.redirect(303, `/memory${query({ ...back, done: 'deleted' })}`);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      res.redirect(303, `/memory${query({ ...back, done: 'missing' })}`);
    }
  };
}

/** Import a TMX upload with the reader and import `tandem memory import` uses; a malformed file adds nothing. */
function postImport(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: z.object(Pair) });
    const pair = pairOf(deps, body);
    const memory = requireService(deps.memory, 'translation memory');
    try {
      const file = uploadedFile(req);
      if (!file) throw new ValidationError('memory: choose a TMX file', [], { problems: [{ code: 'no-file' }] });
      const name = file.originalname || 'memory.tmx';
      const summary = await memory.importFile(decodeMemoryFile(file.buffer, name), name, `import:${res.locals.user!.name}`);
      res.locals.log?.info({ ...summary, by: res.locals.user!.name }, 'memory imported');
      res.redirect(303, `/memory${query({ ...pair, done: 'imported', ...importCounts(summary) })}`);
    } catch (error) {
      const refusal = formRefusal(req, 'admin:memory', error);
      if (!refusal) throw error;
      await renderMemory(deps, req, res, { ...pair, q: '', in: 'both', page: 1, refusal }, statusOf(error));
    }
  };
}

function getExport(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { query: q } = validated(req, { query: z.object(Pair) });
    const pair = pairOf(deps, q);
    const xml = await requireService(deps.memory, 'translation memory').exportFile(pair.to, pair.from);
    res.set('Cache-Control', 'no-store');
    res.attachment(`memory-${pair.from}-${pair.to}.tmx`).type('application/x-tmx+xml; charset=utf-8').send(xml);
  };
}

export const memoryRoutes = {
  path: '/memory',
  router: (deps) => {
    const router = express.Router();
    router.get('/', requireRole('article.view'), getMemory(deps));
    router.get('/export.tmx', requireRole('article.view'), getExport(deps));
    router.post(
      '/import',
      requireRole('memory.manage'),
      uploadForm({ maxFileBytes: MEMORY_UPLOAD_MAX_BYTES, inline: true }),
      postImport(deps),
    );
    router.post('/delete', requireRole('memory.manage'), postDelete(deps));
    return router;
  },
} satisfies RouteModule;
