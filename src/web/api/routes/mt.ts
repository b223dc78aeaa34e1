import { z } from 'zod';
import { NotFoundError } from '../../../core/errors.ts';
import { requireService } from '../../guards.ts';
import type { MtService } from '../../../services/mt/index.ts';
import { type ApiOperation, operation } from '../operation.ts';
import { SegmentParams, Slug } from '../schemas.ts';
import { localeField } from '../../validate.ts';
import { alsoCalled } from '../../query-input.ts';
import { apiMtStatus, MT_MESSAGE, MT_OPERATOR_MESSAGE, OPERATOR_REASON } from '../../mt-message.ts';
import type { Request } from 'express';

const Counts = z.object({
  queued: z.number().int(),
  inFlight: z.number().int(),
  retrying: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
});
const BlockedGlossaryOut = z.object({
  sourceLocale: z.string(),
  targetLocale: z.string(),
  reason: z.string().describe(OPERATOR_REASON),
  at: z.string(),
});
/** One job's progress, or (as `worker` of GET /mt) the whole queue's. */
const JobProgressOut = z.object({
  done: z.number().int(),
  failed: z.number().int(),
  remaining: z.number().int().describe('Items queued or in flight'),
  inFlight: z.number().int(),
  retrying: z.number().int().describe('Items waiting for their retry time (not in remaining)'),
  working: z
    .boolean()
    .describe('A background worker drains the queue, in this process or another on the same database; false when none runs'),
  drafts: z.number().int().describe('Machine drafts applied for the job, by any worker'),
  memoryDrafts: z.number().int().describe('Drafts taken from approved translations (exact memory matches), by any worker'),
  requests: z.number().int().describe('Provider requests sent carrying the job’s texts, by any worker'),
  characters: z.number().int().describe('Characters (code points) sent for the job, by any worker'),
});
const StatusOut = z.object({
  provider: z.string(),
  state: z.string(),
  message: z.string().describe(MT_MESSAGE),
  operatorMessage: z.string().describe(MT_OPERATOR_MESSAGE),
  queue: Counts,
  blockedGlossaries: z.array(BlockedGlossaryOut).describe('Language pairs whose drafts wait until their glossary uploads'),
  worker: JobProgressOut.describe('The whole queue, and what the workers did for every job'),
});

/** Machine-translation items of one article and locale by state; GET /status adds why they failed. */
export const ArticleProgressOut = z.object({
  slug: z.string(),
  locale: z.string(),
  queued: z.number().int(),
  inFlight: z.number().int(),
  retrying: z.number().int(),
  nextRetryAt: z.string().nullable(),
  failed: z.number().int(),
});
const JobOut = z.object({ jobId: z.string().nullable(), added: z.number().int(), skipped: z.number().int() });
const Filter = z.object({ slug: Slug.optional(), locale: localeField.optional() });

/** GET /mt's answer: the provider's state, the queue's counts and what this process's worker did. */
async function statusBody(mt: MtService, req: Request): Promise<z.input<typeof StatusOut>> {
  const [status, worker] = await Promise.all([mt.status(), mt.workerReport()]);
  const { provider, state, message, operatorMessage, queue, blockedGlossaries } = apiMtStatus(req, status);
  return {
    provider,
    state,
    message,
    operatorMessage,
    queue,
    blockedGlossaries: blockedGlossaries.map(({ sourceLocale, targetLocale, reason, at }) => ({ sourceLocale, targetLocale, reason, at })),
    worker,
  };
}

export const MT_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/mt',
    id: 'getMtStatus',
    summary: 'Machine translation: provider state and queue counts',
    tag: 'machine translation',
    permission: 'article.view',
    responses: { 200: { description: 'The state', schema: StatusOut } },
    handle: async ({ deps, req }) => ({ body: await statusBody(requireService(deps.mt, 'machine translation'), req) }),
  }),
  operation({
    method: 'get',
    path: '/mt/progress',
    id: 'getMtProgress',
    summary: 'Machine-translation progress per article and locale, optionally of one article or locale',
    tag: 'machine translation',
    permission: 'article.view',
    query: Filter,
    responses: { 200: { description: 'Progress rows', schema: z.object({ items: z.array(ArticleProgressOut) }) } },
    handle: async ({ deps, query }) => {
      const rows = await requireService(deps.mt, 'machine translation').articleProgress(query);
      return {
        body: {
          items: rows.map(({ slug, locale, queued, inFlight, retrying, nextRetryAt, failed }) => ({
            slug,
            locale,
            queued,
            inFlight,
            retrying,
            nextRetryAt,
            failed,
          })),
        },
      };
    },
  }),
  operation({
    method: 'post',
    path: '/mt/jobs',
    id: 'queueMt',
    summary: 'Queue machine translation of every article (or the given ones) into the given locales',
    tag: 'machine translation',
    permission: 'mt.queue',
    body: z.object({
      locales: alsoCalled(z.array(localeField).min(1).max(20), 'languages', 'targets'),
      slugs: alsoCalled(z.array(Slug).max(500).optional(), 'articles'),
    }),
    responses: {
      202: { description: 'Queued; Location is the job’s progress', schema: JobOut },
      200: { description: 'Nothing to queue (machine translation is off, or every segment is done or queued)', schema: JobOut },
    },
    handle: async ({ deps, body, user }) => {
      const mt = requireService(deps.mt, 'machine translation');
      // Unknown articles are a 404 before anything is queued (MtService.enqueue looks every one up first), worded as
      // `tandem translate` words it on a data directory.
      const { job, added, skipped } = await mt.enqueue({
        locales: body.locales,
        by: user.name,
        ...(body.slugs ? { slugs: body.slugs } : {}),
      });
      const out = { jobId: job?.id ?? null, added, skipped };
      return job && added > 0
        ? { status: 202, body: out, headers: { Location: `/api/v1/mt/jobs/${encodeURIComponent(job.id)}` } }
        : { status: 200, body: out };
    },
  }),
  operation({
    method: 'get',
    path: '/mt/jobs/:jobId',
    id: 'getMtJob',
    summary: 'Progress of one queued job, with what this server process’s worker did for it',
    tag: 'machine translation',
    permission: 'article.view',
    params: z.object({ jobId: z.string().regex(/^[\w-]{1,80}$/) }),
    responses: {
      200: {
        description: 'Items done, failed, remaining and retrying; drafts, requests and characters of this process',
        schema: JobProgressOut,
      },
    },
    handle: async ({ deps, params }) => {
      const progress = await requireService(deps.mt, 'machine translation').jobReport(params.jobId);
      // Every job has at least one item (queued, sent, retrying or failed) for as long as the queue keeps it: none means no such job.
      if (progress.done + progress.failed + progress.remaining + progress.retrying === 0) {
        throw new NotFoundError(`api: no machine-translation job ${params.jobId}`, { reason: 'mt.no-job', params: { job: params.jobId } });
      }
      return { body: progress };
    },
  }),
  operation({
    method: 'post',
    path: '/mt/retry',
    id: 'retryMt',
    summary: 'Put failed machine-translation items back in the queue (all, or of one article or locale)',
    tag: 'machine translation',
    permission: 'mt.queue',
    body: Filter,
    responses: {
      200: {
        description: 'How many went back, and the jobs they belong to (to follow with GET /mt/jobs/{jobId}) with their figures before',
        schema: z.object({
          retried: z.number().int(),
          jobs: z.array(
            z.object({
              jobId: z.string(),
              drafts: z.number().int(),
              memoryDrafts: z.number().int(),
              requests: z.number().int(),
              characters: z.number().int(),
            }),
          ),
        }),
      },
    },
    handle: async ({ deps, body }) => {
      const { retried, jobs } = await requireService(deps.mt, 'machine translation').retryFailedJobs(body);
      return {
        body: {
          retried,
          jobs: jobs.map(({ jobId, drafts, memoryDrafts, requests, characters }) => ({
            jobId,
            drafts,
            memoryDrafts,
            requests,
            characters,
          })),
        },
      };
    },
  }),
  operation({
    method: 'post',
    path: '/mt/resume',
    id: 'resumeMt',
    summary:
      'Lift a quota pause (and a rejected-key mark and refused glossary uploads), so the worker sends the queue again (tandem translate --resume)',
    tag: 'machine translation',
    permission: 'mt.queue',
    responses: { 200: { description: 'The state once lifted; the worker drains the queue from now', schema: StatusOut } },
    handle: async ({ deps, user, req, res }) => {
      const mt = requireService(deps.mt, 'machine translation');
      await mt.resume();
      res.locals.log?.info({ by: user.name }, 'mt: queue resumed');
      return { body: await statusBody(mt, req) };
    },
  }),
  operation({
    method: 'post',
    path: '/articles/:slug/translations/:locale/:segmentId/mt',
    id: 'retranslateSegment',
    summary: 'Ask machine translation again for one segment (counted against the daily re-run budget)',
    tag: 'machine translation',
    permission: 'translation.edit',
    locale: true,
    params: SegmentParams,
    responses: {
      202: {
        description: 'Queued; the draft arrives as a suggestion or draft',
        schema: z.object({ queued: z.boolean(), reason: z.string().nullable() }),
      },
      200: { description: 'Nothing queued (`reason` says why)', schema: z.object({ queued: z.boolean(), reason: z.string().nullable() }) },
    },
    handle: async ({ deps, params, user }) => {
      const articles = requireService(deps.articles, 'articles');
      const locale = articles.targetLocale(params.locale);
      const record = await articles.get(params.slug);
      // A well-formed id naming no live segment is a missing resource (404), as on every segment route; only a
      // malformed one is refused as input (400, SegmentParams).
      if (!record.segments.some((s) => s.id === params.segmentId && !s.removedAt))
        throw new NotFoundError(`api: ${params.slug} has no live segment ${params.segmentId}`, { reason: 'segment.not-found' });
      const result = await requireService(deps.mt, 'machine translation').retranslate({
        slug: record.article.slug,
        segmentId: params.segmentId,
        locale,
        by: user.name,
      });
      return { status: result.queued ? 202 : 200, body: { queued: result.queued, reason: result.reason } };
    },
  }),
];
