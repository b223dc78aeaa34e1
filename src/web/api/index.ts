import express, { type Router } from 'express';
import type { i18n } from 'i18next';
import type { AppDeps } from '../deps.ts';
import { pageContext, sendPage } from '../render.ts';
import { apiRateLimit, bearerAuth } from './auth.ts';
import { apiDocsView } from './docs.ts';
import { openApiDocument } from './openapi.ts';
import type { ApiOperation } from './operation.ts';
import { operationsRouter } from './operation.ts';
import { apiErrorHandler, apiNotFound } from './problem.ts';
import { ADMIN_OPERATIONS } from './routes/admin.ts';
import { ARTICLE_OPERATIONS } from './routes/articles.ts';
import { GLOSSARY_OPERATIONS } from './routes/glossary.ts';
import { MEMORY_OPERATIONS } from './routes/memory.ts';
import { MT_OPERATIONS } from './routes/mt.ts';
import { PUBLISH_OPERATIONS } from './routes/publish.ts';
import { QUEUE_OPERATIONS } from './routes/queue.ts';
import { TRANSLATION_OPERATIONS } from './routes/translations.ts';
import { TRANSLATION_BULK_OPERATIONS } from './routes/translation-bulk.ts';
import { GLOSSARY_CSV_OPERATIONS } from './routes/glossary-csv.ts';
import { ADMIN_EXTRA_OPERATIONS } from './routes/admin-extras.ts';
import { XLIFF_OPERATIONS } from './routes/xliff.ts';
import { TOKEN_OPERATIONS } from './routes/tokens.ts';
import { FEED_OPERATIONS } from './routes/feed.ts';
import { CHECK_OPERATIONS } from './routes/checks.ts';
import { STATUS_OPERATIONS } from './routes/status.ts';

/** Every operation of /api/v1, in the order the document lists them. Adding one is an entry in a routes/ file. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...ARTICLE_OPERATIONS,
  ...TRANSLATION_OPERATIONS,
  ...QUEUE_OPERATIONS,
  ...MT_OPERATIONS,
  ...PUBLISH_OPERATIONS,
  ...GLOSSARY_OPERATIONS,
  ...MEMORY_OPERATIONS,
  ...ADMIN_OPERATIONS,
  ...TRANSLATION_BULK_OPERATIONS,
  ...GLOSSARY_CSV_OPERATIONS,
  ...ADMIN_EXTRA_OPERATIONS,
  ...XLIFF_OPERATIONS,
  ...TOKEN_OPERATIONS,
  ...FEED_OPERATIONS,
  ...CHECK_OPERATIONS,
  ...STATUS_OPERATIONS,
];

const API_VERSION = '1.0.0';

/**
 * The API, mounted at `/api` after the session and i18n middleware: bearer tokens, the per-token rate limit, the
 * operations under `/v1`, the OpenAPI document and its documentation page, and problem documents for every error
 * (unknown paths included), so nothing under /api answers HTML by accident.
 */
export function apiRouter(deps: AppDeps, i18n: i18n): Router {
  const document = openApiDocument(API_OPERATIONS, { version: API_VERSION });
  const body = JSON.stringify(document);
  const router = express.Router();
  router.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('json').send(body);
  });
  router.get('/docs', (req, res) => {
    sendPage(req, res, { title: req.t('api:docs.title'), body: apiDocsView(pageContext(req, res), document) });
  });
  router.use(bearerAuth(deps.apiTokens));
  router.use(apiRateLimit(deps.config?.apiRateLimit));
  router.use('/v1', operationsRouter(API_OPERATIONS, deps));
  router.use(apiNotFound());
  router.use(apiErrorHandler(deps.logger, i18n));
  return router;
}
