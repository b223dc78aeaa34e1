import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { AppError, type ErrorReason, FormatParseError, LimitError, ValidationError } from '../../core/errors.ts';
import { LIMITS } from '../../core/limits.ts';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '../../core/webhook-signature.ts';
import { PUSH_FORMATS, pushedImportInput } from '../../services/pushed-article.ts';
import type { AppDeps } from '../deps.ts';
import { statusOf } from '../errors.ts';
import { publicRoute, requireService } from '../guards.ts';
import { type ProblemStyle, sendProblem } from '../api/problem.ts';
import { InputError, parseInput } from '../validate.ts';
import type { RouteModule } from './index.ts';

/** A signed request older or newer than this (seconds) is refused, so a captured one cannot be replayed later. */
export const CMS_HOOK_WINDOW_SECONDS = 300;
/**
 * The largest body read: the article itself may be LIMITS.importBytes of UTF-8, and JSON's escapes (`\n`, `\"`, a CMS
 * that writes `\uXXXX`) can make its text twice as long or more; beyond that the import would refuse it anyway.
 */
export const CMS_HOOK_MAX_BYTES = 3 * LIMITS.importBytes;

const PushBody = z.strictObject({
  format: z.enum(PUSH_FORMATS),
  content: z.string().min(1),
  slug: z.string().trim().min(1).max(120).optional(),
  title: z.string().trim().min(1).max(1000).optional(),
});

/** A refusal of this route, with its status and the `errors:reasons.*` message code a CMS's operator reads. */
class HookRefusal extends AppError {
  constructor(
    readonly status: number,
    reason: ErrorReason & `hook.${string}`,
    message: string,
  ) {
    super(reason.replace('.', '-'), `cms-hook: ${message}`, { reason });
  }
}

/** Reads the raw body (any media type; checked below) within the limit; body-parser answers 413 past it. */
const rawBody = express.raw({ type: () => true, limit: CMS_HOOK_MAX_BYTES });

/**
 * `POST /hooks/cms`: a CMS pushes an article without a user: the body is signed like Tandem's own webhooks
 * (core/webhook-signature.ts; `X-Tandem-Timestamp` within 5 minutes, `X-Tandem-Signature` over `<timestamp>.<raw
 * body>` with TANDEM_CMS_HOOK_SECRET). Body: `{ "format": "markdown"|"html"|"text", "content": "…", "slug"?: "…",
 * "title"?: "…" }`. The article is imported by `cms` through the same import as the web and CLI (new article or
 * revision). Answers `201` (new) or `200` (updated, unchanged) with `{ slug, status, sourceRevision, counts, warnings }`;
 * errors are `application/problem+json`: 404 hook off, 411/413 size (checked before reading), 415 not JSON, 401
 * signature, 400 malformed JSON, 422 an import refusal with its message `code`.
 */
function postCmsArticle(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const secret = deps.config?.cmsHookSecret;
    if (!secret) throw new HookRefusal(404, 'hook.off', 'TANDEM_CMS_HOOK_SECRET is not set');
    const length = Number(req.headers['content-length'] ?? Number.NaN);
    if (req.headers['transfer-encoding'] === undefined && !Number.isSafeInteger(length)) {
      throw new AppError('length-required', 'cms-hook: no Content-Length');
    }
    if (length > CMS_HOOK_MAX_BYTES) throw new AppError('too-large', `cms-hook: ${length} bytes is over ${CMS_HOOK_MAX_BYTES}`);
    if (!req.is('application/json'))
      throw new HookRefusal(415, 'hook.media-type', `content type ${req.headers['content-type'] ?? '(none)'}`);
    await new Promise<void>((resolve, reject) => rawBody(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    const body: Uint8Array = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const refusal = verifyWebhookSignature(
      secret,
      { timestamp: header(req, WEBHOOK_HEADERS.timestamp), signature: header(req, WEBHOOK_HEADERS.signature), body },
      new Date(),
      CMS_HOOK_WINDOW_SECONDS,
    );
    if (refusal) throw new HookRefusal(401, `hook.${refusal}` as const, refusal);
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body).toString('utf8'));
    } catch {
      throw new HookRefusal(400, 'hook.not-json', 'the body is not JSON');
    }
    const service = requireService(deps.articles, 'articles');
    const result = await service.import(pushedImportInput(pushedBody(parsed), 'cms'));
    res.locals.log?.info({ slug: result.slug, status: result.status }, 'article pushed by the CMS');
    res
      .status(result.status === 'new' ? 201 : 200)
      .set('Cache-Control', 'no-store')
      .json({
        slug: result.slug,
        status: result.status,
        sourceRevision: result.sourceRevision,
        counts: result.counts,
        warnings: result.warnings,
      });
  };
}

/**
 * The pushed body, or a 422 `hook.not-json` whose `issues` name each wrong field as the API's do (an unknown one with
 * the field meant: `slugg` → `slug`), so a CMS's operator need not guess which of its fields is refused.
 */
function pushedBody(parsed: unknown): z.output<typeof PushBody> {
  try {
    return parseInput(PushBody, parsed, 'body');
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(`cms-hook: ${error.message}`, error.details, error.issues, { reason: 'hook.not-json' });
  }
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The problem's status: ours, else the import's refusals as 422 (LimitError stays 413), else the app's mapping. */
function problemStatus(error: unknown): number {
  if (error instanceof HookRefusal) return error.status;
  if (error instanceof LimitError) return 413;
  if (error instanceof ValidationError || error instanceof FormatParseError) return 422;
  return statusOf(error);
}

/** The hook's problems: its own statuses and `urn:tandem:problem:<code>` types, built by the API's one builder. */
const hookCode = (error: unknown, status: number): string =>
  error instanceof AppError ? (error.reason ?? error.code) : status === 413 ? 'too-large' : 'bad-request';
const HOOK_PROBLEMS: ProblemStyle = {
  status: problemStatus,
  code: hookCode,
  type: (error, status) => `urn:tandem:problem:${hookCode(error, status)}`,
  // A signature, not a bearer token, is what this route wants: no Bearer challenge.
  bearer: false,
};

/** Every error of this router as RFC 9457 problem+json: a CMS reads JSON, never the HTML error page. */
const problemJson: express.ErrorRequestHandler = (error, req: Request, res: Response, _next) => {
  const status = problemStatus(error);
  const log = res.locals.log;
  if (status >= 500) log?.error({ err: error }, 'cms hook failed');
  else log?.info({ err: error, status }, 'cms hook refused');
  sendProblem(req, res, error, HOOK_PROBLEMS);
};

export const cmsHookRoutes = {
  path: '/hooks/cms',
  router: (deps) => {
    const router = express.Router();
    router.post(
      '/',
      publicRoute('a CMS pushes articles with no user session: the body carries an HMAC signature instead', { signed: true }),
      postCmsArticle(deps),
    );
    router.use(problemJson);
    return router;
  },
} satisfies RouteModule;
