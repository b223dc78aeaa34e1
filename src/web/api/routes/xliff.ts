import { z } from 'zod';
import { LIMITS } from '../../../core/limits.ts';
import { requireService } from '../../guards.ts';
import { ActorField, actorOf } from '../actor.ts';
import { typedText } from '../../validate.ts';
import { type ApiOperation, operation } from '../operation.ts';
import { LocaleParam, Slug } from '../schemas.ts';

/** XLIFF for agencies, as the article page's export and import buttons do it (services/xliff-exchange.ts). */

const LocaleOnly = z.object({ locale: LocaleParam });
const Refusal = z.object({
  slug: z.string(),
  unitId: z.string(),
  line: z.number().int().nullable(),
  refusal: z
    .record(z.string(), z.unknown())
    .describe(
      '`code` says why (source-changed, translation-changed, approved-unversioned, tags, placeholders, unknown-unit, unknown-article, rejected)',
    ),
});

export const XLIFF_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/xliff/:locale',
    id: 'exportXliff',
    summary: 'One article or a batch in one locale as XLIFF 1.2 or 2.0; confidential names are masked',
    tag: 'xliff',
    permission: 'article.view',
    params: LocaleOnly,
    query: z.object({
      slug: z
        .union([Slug, z.array(Slug).min(1).max(50)])
        .transform((s) => (Array.isArray(s) ? s : [s]))
        .describe('An article’s slug; repeat it (`?slug=a&slug=b`) for a batch of up to 50'),
      version: z.enum(['1.2', '2.0']).default('1.2'),
    }),
    responses: { 200: { description: 'The XLIFF file (application/xliff+xml)' } },
    handle: async ({ deps, params, query }) => {
      const file = await requireService(deps.xliff, 'XLIFF exchange').exportFile({
        slugs: query.slug,
        locale: params.locale,
        version: query.version,
      });
      return {
        body: file.text,
        headers: { 'Content-Type': `${file.mediaType}; charset=utf-8`, 'Content-Disposition': `attachment; filename="${file.fileName}"` },
      };
    },
  }),
  operation({
    method: 'post',
    path: '/xliff/:locale',
    id: 'importXliff',
    summary:
      'Apply an agency’s XLIFF file (as text) in this locale: changed sources, translations changed since the export and broken tags are refused per unit',
    tag: 'xliff',
    permission: 'translation.edit',
    locale: true,
    params: LocaleOnly,
    body: z.object({
      content: z.string().min(1).max(LIMITS.xliffBytes).describe('The XLIFF 1.2 or 2.0 document'),
      file: z.string().max(1024).optional().describe('A file name, for the report'),
      agency: typedText(100, { trim: true }).optional().describe('The agency named in the history (default “agency”)'),
      approve: z.boolean().optional().describe('Approve the units the file marks approved (reviewers; four-eyes applies)'),
      actor: ActorField,
    }),
    idempotent: true,
    responses: {
      200: {
        description: 'What was applied, approved, left unchanged and refused, unit by unit',
        schema: z.object({
          file: z.string(),
          version: z.string(),
          locale: z.string(),
          agency: z.string(),
          applied: z.number().int(),
          approved: z.number().int(),
          unchanged: z.number().int(),
          refused: z.array(Refusal),
          notApproved: z.array(Refusal),
        }),
      },
    },
    handle: async ({ deps, params, body, user, res }) => {
      const xliff = requireService(deps.xliff, 'XLIFF exchange');
      const locale = requireService(deps.articles, 'articles').targetLocale(params.locale);
      const report = await xliff.importFile({
        content: body.content,
        file: body.file ?? 'agency.xlf',
        importer: { name: actorOf(user, res, body.actor), role: user.role, locales: user.locales },
        ...(body.agency ? { agency: body.agency } : {}),
        approve: body.approve === true,
        locale,
      });
      return { body: report };
    },
  }),
];
