import { z } from 'zod';
import { TRANSLATION_STATES } from '../../core/model.ts';
import { cursorField } from '../cursor-input.ts';
import { localeField } from '../validate.ts';

/**
 * Shapes shared by the API's operations: inputs validate requests, outputs document answers; both go into the OpenAPI
 * document (openapi.ts), so a shape is written once, here or beside its operation.
 */

export const Slug = z.string().min(1).max(200).describe('The article’s slug (lowercase letters, digits, dashes)');
export const LocaleParam = z.string().min(1).max(35).describe('A target locale such as en, ja or zh-Hans');
export const SegmentId = z
  .string()
  .regex(/^[\w-]{1,80}$/)
  .describe('A segment id (`s-…`)');

export const SlugParams = z.object({ slug: Slug });
export const LocaleParams = z.object({ slug: Slug, locale: LocaleParam });
export const SegmentParams = LocaleParams.extend({ segmentId: SegmentId });

/** An opaque cursor from a previous page's `next`, and how many items a page holds. */
export const PageQuery = z.object({
  cursor: cursorField().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional().describe('Items per page (1–100, default 50)'),
});

export const StateCounts = z.record(z.enum(TRANSLATION_STATES), z.number().int());

export const LocaleProgress = z.object({
  locale: z.string(),
  counts: StateCounts,
  total: z.number().int(),
  progress: z.number().describe('Approved share, 0–1'),
});

export const ArticleSummary = z.object({
  slug: z.string(),
  title: z.string(),
  sourceLocale: z.string(),
  sourceRevision: z.number().int(),
  segmentCount: z.number().int(),
  updatedAt: z.string(),
  locales: z.array(LocaleProgress),
  progress: z.number().describe('Approved share over every target locale, 0–1'),
});

export const Comment = z.object({ by: z.string(), at: z.string(), text: z.string() });

export const TranslationOut = z.object({
  segmentId: z.string(),
  locale: z.string(),
  state: z.enum(TRANSLATION_STATES),
  text: z.string().describe('Text with inline tags (`<1>…</1>`)'),
  revision: z.number().int().describe('Also the ETag (`"r<revision>"`)'),
  origin: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  comments: z.array(Comment),
  checks: z.array(z.object({ checkId: z.string(), severity: z.enum(['error', 'warning']), detail: z.record(z.string(), z.unknown()) })),
  suggestion: z.object({ text: z.string(), origin: z.string(), at: z.string() }).nullable(),
});

export const SegmentOut = z.object({
  id: z.string(),
  order: z.number().int(),
  source: z.string(),
  sourceRevision: z.number().int(),
});

/** A locale tag in a body, canonicalized. */
export const LocaleBody = localeField;
