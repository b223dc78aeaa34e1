import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.ts';
import { DEFAULT_SOURCE_LOCALE, DEFAULT_TARGET_LOCALES } from '../../core/locale.ts';
import { can } from '../../core/roles.ts';
import { GLOSSARY_FILE_MAX_BYTES, parseGlossaryFile } from '../../services/glossary.ts';
import { decodeUtf8 } from '../../services/input-file.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole, requireService } from '../guards.ts';
import { uploadedFile, uploadForm } from '../multipart.ts';
import { statusOf } from '../errors.ts';
import { pageContext, sendPage } from '../render.ts';
import { blankIsAbsent, localeField, validated } from '../validate.ts';
import { EMPTY_ENTRY, entryForm, type GlossaryEntryForm, type GlossaryView, glossaryView } from '../views/admin/glossary.ts';
import { query } from '../views/admin/parts.ts';
import { formRefusal } from './admin-refusal.ts';
import type { RouteModule } from './index.ts';

/** Entries shown per page. */
export const GLOSSARY_PAGE_SIZE = 50;
const DONE = ['saved', 'deleted', 'missing', 'imported'] as const;

const Pair = { from: z.preprocess(blankIsAbsent, localeField.optional()), to: z.preprocess(blankIsAbsent, localeField.optional()) };
const PageQuery = z.object({
  ...Pair,
  q: z.preprocess(blankIsAbsent, z.string().max(200).optional()),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  edit: z.string().max(500).optional(),
  done: z.enum(DONE).optional(),
  term: z.string().max(500).optional(),
  n: z.coerce.number().int().min(0).optional(),
});
// Lengths far above a real term; the service checks what a glossary can hold.
const EntryBody = z.object({
  ...Pair,
  was: z.string().max(2000).optional(),
  source: z.string().max(2000),
  target: z.string().max(2000),
  forbidden: z.string().max(10_000).default(''),
  note: z.string().max(10_000).default(''),
  case_sensitive: z.literal('true').optional(),
});
const DeleteBody = z.object({ ...Pair, source: z.string().max(2000) });
const ImportBody = z.object({ ...Pair, mode: z.enum(['merge', 'replace']).default('merge') });

interface Pair {
  readonly from: string;
  readonly to: string;
}

function pairOf(deps: AppDeps, input: { from?: string | undefined; to?: string | undefined }): Pair {
  const from = input.from ?? deps.config?.sourceLocale ?? DEFAULT_SOURCE_LOCALE;
  const to = input.to ?? (deps.config?.targetLocales ?? DEFAULT_TARGET_LOCALES)[0] ?? 'en';
  return { from, to };
}

async function renderGlossary(
  deps: AppDeps,
  req: Request,
  res: Response,
  pair: Pair,
  extra: Partial<Pick<GlossaryView, 'form' | 'notice' | 'refusal' | 'importMode'>> & { q?: string; page?: number } = {},
  status = 200,
): Promise<void> {
  const glossary = requireService(deps.glossary, 'glossary');
  const q = extra.q ?? '';
  const list = await glossary.search(pair.from, pair.to, q, extra.page ?? 1, GLOSSARY_PAGE_SIZE);
  const targetLocales = deps.config?.targetLocales ?? DEFAULT_TARGET_LOCALES;
  res.set('Cache-Control', 'no-store');
  sendPage(req, res, {
    status,
    title: req.t('admin:glossary.title'),
    body: glossaryView(pageContext(req, res), {
      ...pair,
      targetLocales: targetLocales.includes(pair.to) ? targetLocales : [...targetLocales, pair.to],
      q,
      list,
      canManage: can(res.locals.user!.role, 'glossary.manage'),
      form: extra.form ?? EMPTY_ENTRY,
      importMode: extra.importMode ?? 'merge',
      ...(extra.notice ? { notice: extra.notice } : {}),
      ...(extra.refusal ? { refusal: extra.refusal } : {}),
    }),
  });
}

function getGlossary(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { query: q } = validated(req, { query: PageQuery });
    const pair = pairOf(deps, q);
    let form: GlossaryEntryForm = EMPTY_ENTRY;
    if (q.edit !== undefined && can(res.locals.user!.role, 'glossary.manage')) {
      const entry = (await requireService(deps.glossary, 'glossary').terms(pair.from, pair.to)).find((e) => e.source === q.edit);
      if (entry) form = entryForm(entry);
    }
    const notice = q.done ? req.t(`admin:glossary.done.${q.done}`, { term: q.term ?? '', count: q.n ?? 0 }) : undefined;
    await renderGlossary(deps, req, res, pair, {
      form,
      ...(notice ? { notice } : {}),
      ...(q.q ? { q: q.q } : {}),
      ...(q.page ? { page: q.page } : {}),
    });
  };
}

function back(pair: Pair, done: (typeof DONE)[number], extra: { term?: string; n?: number } = {}): string {
  return `/glossary${query({ ...pair, done, ...extra })}`;
}

/** Add an entry, or edit the entry `was`: checked like a CSV row by the same service. */
function postEntry(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: EntryBody });
    const pair = pairOf(deps, body);
    const form: GlossaryEntryForm = {
      ...(body.was !== undefined ? { was: body.was } : {}),
      source: body.source,
      target: body.target,
      forbidden: body.forbidden,
      note: body.note,
      caseSensitive: body.case_sensitive === 'true',
    };
    try {
      await requireService(deps.glossary, 'glossary').putEntry({ ...pair, ...form });
      res.locals.log?.info({ from: pair.from, to: pair.to, by: res.locals.user!.name }, 'glossary entry saved');
      res.redirect(303, back(pair, 'saved', { term: body.source.trim() }));
    } catch (error) {
      const refusal = formRefusal(req, 'admin:glossary', error);
      if (!refusal || !(error instanceof ValidationError)) throw error;
      await renderGlossary(deps, req, res, pair, { form, refusal: { form: 'entry', refusal } }, 400);
    }
  };
}

function postDelete(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: DeleteBody });
    const pair = pairOf(deps, body);
    const removed = await requireService(deps.glossary, 'glossary').removeEntry(pair.from, pair.to, body.source);
    res.redirect(303, back(pair, removed ? 'deleted' : 'missing', { term: body.source }));
  };
}

/** Import a CSV upload: the parser and import the CLI's `tandem glossary import` uses; a bad file stores nothing. */
function postImport(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    // The action's query names the pair too, so a form refused unread (over its size) still shows its pair.
    const { body, query: q } = validated(req, { body: ImportBody, query: z.object(Pair) });
    const pair = pairOf(deps, { from: body.from ?? q.from, to: body.to ?? q.to });
    try {
      const file = uploadedFile(req);
      if (!file) {
        throw new ValidationError('glossary: choose a CSV file', [], { reason: 'upload.no-file', problems: [{ code: 'no-file' }] });
      }
      const name = file.originalname || 'glossary.csv';
      const { entries, details } = parseGlossaryFile(decodeUtf8(file.buffer, name, 'glossary'), name);
      const record = await requireService(deps.glossary, 'glossary').import({
        ...pair,
        entries,
        details,
        merge: body.mode === 'merge',
        replace: body.mode === 'replace',
      });
      res.locals.log?.info({ from: pair.from, to: pair.to, by: res.locals.user!.name }, 'glossary imported');
      res.redirect(303, back(pair, 'imported', { n: Object.keys(record.entries).length }));
    } catch (error) {
      const refusal = formRefusal(req, 'admin:glossary', error);
      if (!refusal) throw error;
      await renderGlossary(deps, req, res, pair, { importMode: body.mode, refusal: { form: 'import', refusal } }, statusOf(error));
    }
  };
}

function getExport(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { query: q } = validated(req, { query: z.object(Pair) });
    const pair = pairOf(deps, q);
    const csv = await requireService(deps.glossary, 'glossary').exportCsv(pair.from, pair.to);
    res.set('Cache-Control', 'no-store');
    res.attachment(`glossary-${pair.from}-${pair.to}.csv`).type('text/csv; charset=utf-8').send(csv);
  };
}

export const glossaryRoutes = {
  path: '/glossary',
  router: (deps) => {
    const router = express.Router();
    router.get('/', requireRole('article.view'), getGlossary(deps));
    router.get('/export.csv', requireRole('article.view'), getExport(deps));
    router.post('/entries', requireRole('glossary.manage'), postEntry(deps));
    router.post('/entries/delete', requireRole('glossary.manage'), postDelete(deps));
    router.post(
      '/import',
      requireRole('glossary.manage'),
      uploadForm({ maxFileBytes: GLOSSARY_FILE_MAX_BYTES, inline: true }),
      postImport(deps),
    );
    return router;
  },
} satisfies RouteModule;
