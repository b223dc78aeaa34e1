import { z } from 'zod';
import { QUEUE_ISSUES, QUEUE_STATES } from '../../../services/queue.ts';
import { requireService } from '../../guards.ts';
import { localeField } from '../../validate.ts';
import { type ApiOperation, operation } from '../operation.ts';
import { nextLink } from '../pagination.ts';
import { cursorField } from '../../cursor-input.ts';
import { Slug } from '../schemas.ts';

const ItemOut = z.object({
  slug: z.string(),
  title: z.string(),
  segmentId: z.string(),
  order: z.number().int(),
  source: z.string(),
  locale: z.string(),
  state: z.enum(QUEUE_STATES),
  waitsFor: z.enum(['translator', 'reviewer']),
  assignee: z.string().nullable(),
  since: z.string(),
});

export const QUEUE_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/queue',
    id: 'getReviewQueue',
    summary: 'Segments waiting for a translator or a reviewer, oldest first; the caller’s locales unless `locale` names others',
    tag: 'translations',
    permission: 'article.view',
    query: z.object({
      locale: localeField.optional(),
      state: z.enum(QUEUE_STATES).optional(),
      slug: Slug.optional(),
      issues: z.enum(QUEUE_ISSUES).optional(),
      // The queue's own keyed cursor (services/queue-cursor.ts), passed through as it is.
      cursor: cursorField().optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    }),
    responses: {
      200: {
        description: 'One page of the queue',
        schema: z.object({ items: z.array(ItemOut), next: z.string().nullable(), total: z.number().int() }),
      },
    },
    handle: async ({ deps, query, user, req }) => {
      const page = await requireService(deps.articles, 'articles').queue(
        {
          ...(query.locale ? { locales: [query.locale] } : {}),
          ...(query.state ? { states: [query.state] } : {}),
          ...(query.slug ? { slug: query.slug } : {}),
          ...(query.issues ? { issues: query.issues } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
          ...(query.limit ? { pageSize: query.limit } : {}),
        },
        { locales: user.locales },
      );
      const items = page.items.map(({ slug, title, segmentId, order, source, locale, state, waitsFor, assignee, since }) => ({
        slug,
        title,
        segmentId,
        order,
        source,
        locale,
        state,
        waitsFor,
        assignee,
        since,
      }));
      return { body: { items, next: page.next, total: page.total }, headers: nextLink(req.originalUrl, page.next) };
    },
  }),
];
