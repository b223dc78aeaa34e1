import { z } from 'zod';
import { TRANSLATION_STATES } from '../../../core/model.ts';
import { requireService } from '../../guards.ts';
import { type ApiOperation, operation } from '../operation.ts';
import { LocaleParams } from '../schemas.ts';

/** Quality checks of an article as `tandem check` reports them (services/checks.ts, CheckService.checkArticle). */

const ResultOut = z.object({
  checkId: z.string(),
  severity: z.enum(['error', 'warning']),
  detail: z.record(z.string(), z.unknown()).describe('What the check found, e.g. `{ "missing": ["300"] }`'),
  status: z.enum(['open', 'dismissed', 'overridden']),
  decision: z
    .object({ by: z.string(), reason: z.string(), at: z.string() })
    .optional()
    .describe('Who dismissed or overrode the result, why and when; absent while it is open'),
});

const ReportOut = z.object({
  slug: z.string(),
  locale: z.string(),
  errors: z.number().int().describe('Open errors: they block approval and publishing'),
  warnings: z.number().int().describe('Open warnings'),
  dismissed: z.number().int(),
  overridden: z.number().int(),
  segments: z
    .array(
      z.object({
        segmentId: z.string(),
        order: z.number().int(),
        source: z.string(),
        target: z.string(),
        state: z.enum(TRANSLATION_STATES),
        results: z.array(ResultOut),
      }),
    )
    .describe('Every segment with a translation text, in reading order'),
});

export const CHECK_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/articles/:slug/checks/:locale',
    id: 'checkArticle',
    summary: 'Fresh quality check results of every translated segment of an article in one locale, each with its status',
    tag: 'translations',
    permission: 'article.view',
    params: LocaleParams,
    responses: { 200: { description: 'The report; `errors` counts open errors only', schema: ReportOut } },
    handle: async ({ deps, params }) => {
      const articles = requireService(deps.articles, 'articles');
      const locale = articles.targetLocale(params.locale);
      return { body: await requireService(deps.checks, 'quality checks').checkArticle(params.slug, locale) };
    },
  }),
];
