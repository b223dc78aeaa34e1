import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { AppError, ForbiddenError, ValidationError } from '../../core/errors.ts';
import { LIMITS } from '../../core/limits.ts';
import type { XliffImportReport } from '../../services/xliff-exchange.ts';
import type { AppDeps } from '../deps.ts';
import { userMessage } from '../error-messages.ts';
import { requireRole, requireService } from '../guards.ts';
import { uploadForm } from '../multipart.ts';
import { OneTimeNotes } from '../one-time-notes.ts';
import { pageContext, sendPage } from '../render.ts';
import { blankIsAbsent, localeField, typedText, validated } from '../validate.ts';
import { xliffReportView } from '../views/xliff/report.ts';
import type { FormRefusal } from '../views/admin/parts.ts';
import { formRefusal } from './admin-refusal.ts';
import type { RouteModule } from './index.ts';

const Slug = z.string().min(1).max(200);
const ExportQuery = z.object({
  // `?slug=a&slug=b` exports a batch in one file.
  slug: z.union([Slug, z.array(Slug).min(1).max(50)]).transform((s) => (Array.isArray(s) ? s : [s])),
  locale: localeField,
  version: z.enum(['1.2', '2.0']).default('1.2'),
});

const ImportBody = z.object({
  agency: z.preprocess(blankIsAbsent, typedText(100, { trim: true }).optional()),
  approve: z.literal('on').optional(),
  // The review page the form was on, to go back to from the report.
  slug: z.preprocess(blankIsAbsent, Slug.optional()),
  locale: z.preprocess(blankIsAbsent, localeField.optional()),
});

const ReportQuery = z.object({ note: z.string().max(64).optional() });

/** What the report page shows after the redirect, and where it leads back to. */
interface Shown {
  readonly report: XliffImportReport;
  readonly back: string | null;
}

function backTo(slug: string | undefined, locale: string | undefined): string | null {
  return slug && locale ? `/review/${encodeURIComponent(slug)}/${encodeURIComponent(locale)}` : null;
}

/** Download the XLIFF file of one article (or several) in one locale; the service masks confidential names. */
function getXliffExport(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { query } = validated(req, { query: ExportQuery });
    const file = await requireService(deps.xliff, 'XLIFF exchange').exportFile({
      slugs: query.slug,
      locale: query.locale,
      version: query.version,
    });
    res.set('Cache-Control', 'no-store');
    res.attachment(file.fileName).type(`${file.mediaType}; charset=utf-8`).send(file.text);
  };
}

/**
 * A refused import as its user reads it: a file that is not XLIFF says where (errors:reasons.xliff.unreadable), a
 * language the user does not work in or an approval they may not give says so; null for errors that are not about
 * the upload (the error middleware's).
 */
function importRefusal(req: Request, error: unknown): { refusal: FormRefusal; status: number } | null {
  if (error instanceof AppError && !(error instanceof ValidationError) && error.reason) {
    const message = userMessage(error, req.t, req.language) ?? req.t('review:xliff.refused');
    return { refusal: { message }, status: error instanceof ForbiddenError ? 403 : 400 };
  }
  const refusal = formRefusal(req, 'review:xliff', error);
  return refusal ? { refusal, status: 400 } : null;
}

function renderReport(req: Request, res: Response, shown: Shown | null, status = 200, refusal?: FormRefusal): void {
  res.set('Cache-Control', 'no-store');
  sendPage(req, res, {
    status,
    title: req.t('review:xliff.report.title'),
    body: xliffReportView(pageContext(req, res), { shown, refusal: refusal ?? null }),
  });
}

/** Apply an agency's XLIFF upload through review; the report waits for the page the post redirects to. */
function postXliffImport(deps: AppDeps, notes: OneTimeNotes<Shown>): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: ImportBody });
    const user = res.locals.user!;
    try {
      if (!req.file) throw new ValidationError('xliff: choose an XLIFF file', [], { problems: [{ code: 'no-file' }] });
      const report = await requireService(deps.xliff, 'XLIFF exchange').importFile({
        content: req.file.buffer,
        file: req.file.originalname || 'agency.xlf',
        importer: { name: user.name, role: user.role, locales: user.locales },
        ...(body.agency ? { agency: body.agency } : {}),
        approve: body.approve === 'on',
      });
      res.locals.log?.info({ file: report.file, applied: report.applied, refused: report.refused.length, by: user.name }, 'xliff imported');
      const token = notes.put(user.id, { report, back: backTo(body.slug, body.locale) });
      res.redirect(303, `/xliff/report?note=${token}`);
    } catch (error) {
      const refused = importRefusal(req, error);
      if (!refused) throw error;
      renderReport(req, res, null, refused.status, refused.refusal);
    }
  };
}

function getXliffReport(notes: OneTimeNotes<Shown>): RequestHandler {
  return (req, res) => {
    const { query } = validated(req, { query: ReportQuery });
    renderReport(req, res, notes.take(res.locals.user!.id, query.note) ?? null);
  };
}

export const xliffRoutes = {
  path: '/xliff',
  router: (deps) => {
    const router = express.Router();
    const notes = new OneTimeNotes<Shown>();
    router.get('/export.xlf', requireRole('article.view'), getXliffExport(deps));
    // The file says its locale; the service checks the importer's languages once it has read it.
    router.post('/import', requireRole('translation.edit'), uploadForm({ maxFileBytes: LIMITS.xliffBytes }), postXliffImport(deps, notes));
    router.get('/report', requireRole('article.view'), getXliffReport(notes));
    return router;
  },
} satisfies RouteModule;
