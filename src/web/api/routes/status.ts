import { z } from 'zod';
import { SEGMENT_KINDS, TRANSLATION_ORIGINS, TRANSLATION_STATES } from '../../../core/model.ts';
import { MT_FAILURE_REASONS } from '../../../core/ports/mt-store.ts';
import { MT_KEY_CHECK_STATES } from '../../../services/mt/types.ts';
import { segmentListing } from '../../../services/segment-listing.ts';
import { STATUS_PAGE_MAX, STATUS_PAGE_SIZE } from '../../../services/status-page.ts';
import { articleStatusRow, type StatusSource, statusListing } from '../../../services/status-report.ts';
import type { AppDeps } from '../../deps.ts';
import { requireService } from '../../guards.ts';
import { localeField } from '../../validate.ts';
import { apiMtStatus, MT_MESSAGE, MT_OPERATOR_MESSAGE, OPERATOR_REASON } from '../../mt-message.ts';
import { type ApiOperation, operation } from '../operation.ts';
import { LocaleProgress, SlugParams, StateCounts } from '../schemas.ts';
import { cursorField } from '../../cursor-input.ts';
import { ArticleProgressOut } from './mt.ts';

/**
 * What `tandem status` and `tandem segments` print, as the services report it (status-report.ts, segment-listing.ts),
 * so the command line beside a server prints from the same shapes as on the data directory.
 */

const ReasonCount = z.object({ reason: z.enum(MT_FAILURE_REASONS), count: z.number().int() });

const ArticleMtOut = ArticleProgressOut.extend({
  retryingReasons: z.array(ReasonCount).describe('Why retrying items failed, most frequent first'),
  failedReasons: z.array(ReasonCount).describe('Why failed items failed, most frequent first'),
});

const PublicationOut = z
  .object({
    locale: z.string(),
    live: z.boolean(),
    latestVersion: z.number().int(),
    currentSourceRevision: z.number().int(),
    outdated: z.boolean(),
    segmentsBehind: z.number().int().describe('Source segments new, edited or removed since the published version'),
  })
  .loose();

const StatusRowOut = z.object({
  slug: z.string(),
  title: z.string(),
  sourceLocale: z.string(),
  sourceRevision: z.number().int(),
  segmentCount: z.number().int().describe('Live segments'),
  updatedAt: z.string(),
  locales: z.array(LocaleProgress),
  total: z.object({ counts: StateCounts, total: z.number().int(), progress: z.number() }),
  embargo: z.record(z.string(), z.unknown()).optional().describe('Set while readers may not see the article'),
  publications: z.array(PublicationOut),
  machineTranslation: z.array(ArticleMtOut).describe('Locales with nothing waiting or failed are absent'),
});

const MtStatusOut = z.object({
  provider: z.string(),
  state: z.enum(['off', 'ready', 'paused', 'unauthorized', 'retrying']),
  message: z.string().describe(MT_MESSAGE),
  operatorMessage: z.string().describe(MT_OPERATOR_MESSAGE),
  configHint: z.string(),
  queue: z.object({
    queued: z.number().int(),
    inFlight: z.number().int(),
    retrying: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
  }),
  blockedGlossaries: z.array(
    z.object({ sourceLocale: z.string(), targetLocale: z.string(), reason: z.string().describe(OPERATOR_REASON), at: z.string() }),
  ),
  keyCheck: z.object({ state: z.enum(MT_KEY_CHECK_STATES), at: z.string().optional() }),
  nextRetryAt: z.string().nullable(),
  retryReason: z.enum(MT_FAILURE_REASONS).nullable(),
});

const ListingOut = z.object({
  total: z.number().int().describe('Articles in the archive'),
  totals: z.object({ locales: z.array(LocaleProgress), counts: StateCounts, total: z.number().int(), progress: z.number() }),
  articles: z.array(StatusRowOut).describe('The page’s articles, newest first'),
  next: z.string().nullable().describe('The cursor of the next page; null on the last one'),
  machineTranslation: MtStatusOut,
});

const ListingQuery = z.object({
  cursor: cursorField().optional(),
  limit: z
    .union([z.literal('all'), z.coerce.number().int().min(1).max(STATUS_PAGE_MAX)])
    .optional()
    .describe(`Articles per page (1–${STATUS_PAGE_MAX}, default ${STATUS_PAGE_SIZE}), or \`all\``),
});

const GlossaryHitOut = z.object({
  locale: z.string().describe('The target locale whose glossary has the term'),
  source: z.string(),
  target: z.string(),
  forbidden: z.array(z.string()).optional(),
  note: z.string().optional(),
  caseSensitive: z.boolean().optional(),
});

const SegmentListingOut = z.object({
  slug: z.string(),
  sourceLocale: z.string(),
  sourceRevision: z.number().int(),
  locale: z.string().optional().describe('The locale asked for'),
  segments: z.array(
    z.object({
      id: z.string(),
      order: z.number().int(),
      kind: z.enum(SEGMENT_KINDS),
      source: z.string(),
      hash: z.string(),
      sourceRevision: z.number().int(),
      translation: z
        .object({
          state: z.enum([...TRANSLATION_STATES, 'untranslated']),
          text: z.string(),
          origin: z.enum(TRANSLATION_ORIGINS).nullable(),
          revision: z.number().int(),
          updatedAt: z.string().nullable(),
          updatedBy: z.string().nullable(),
        })
        .optional()
        .describe('With `locale` only'),
      glossary: z.array(GlossaryHitOut).describe('Terms in the source: the locale’s glossary, else every target locale’s'),
      checks: z
        .array(z.object({ checkId: z.string(), severity: z.enum(['error', 'warning']), detail: z.record(z.string(), z.unknown()) }))
        .optional()
        .describe('Fresh check results of the translation; with `locale` only'),
    }),
  ),
});

function statusSource(deps: AppDeps): StatusSource {
  return {
    articles: requireService(deps.articles, 'articles'),
    mt: requireService(deps.mt, 'machine translation'),
    publish: requireService(deps.publish, 'publishing'),
  };
}

export const STATUS_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/status',
    id: 'getStatus',
    summary: 'The archive’s totals, one page of articles with their counts, publications and MT progress, and the MT state',
    tag: 'articles',
    permission: 'article.view',
    query: ListingQuery,
    responses: { 200: { description: 'What `tandem status` shows', schema: ListingOut } },
    handle: async ({ deps, query, req }) => {
      const listing = await statusListing(statusSource(deps), query);
      return { body: { ...listing, machineTranslation: apiMtStatus(req, listing.machineTranslation) } };
    },
  }),
  operation({
    method: 'get',
    path: '/articles/:slug/status',
    id: 'getArticleStatus',
    summary: 'One article’s counts by state per locale, publications and MT progress with failure reasons',
    tag: 'articles',
    permission: 'article.view',
    params: SlugParams,
    responses: { 200: { description: 'What `tandem status <slug>` shows', schema: StatusRowOut } },
    handle: async ({ deps, params }) => ({ body: await articleStatusRow(statusSource(deps), params.slug) }),
  }),
  operation({
    method: 'get',
    path: '/articles/:slug/segments',
    id: 'listSegments',
    summary: 'An article’s live segments in reading order with glossary hits, and with `locale` its translations and checks',
    tag: 'articles',
    permission: 'article.view',
    params: SlugParams,
    query: z.object({ locale: localeField.optional().describe('A target locale') }),
    responses: { 200: { description: 'What `tandem segments` shows', schema: SegmentListingOut } },
    handle: async ({ deps, params, query }) => {
      const source = {
        articles: requireService(deps.articles, 'articles'),
        glossary: requireService(deps.glossary, 'glossary'),
        checks: requireService(deps.checks, 'quality checks'),
      };
      return { body: await segmentListing(source, params.slug, query.locale ?? null) };
    },
  }),
];
