import { z } from 'zod';
import { ConflictError } from '../../../core/errors.ts';
import { type ApiOperation, operation } from '../operation.ts';

const Outcome = z.object({
  itemId: z.string(),
  slug: z.string().optional(),
  status: z.enum(['new', 'updated', 'unchanged', 'failed']),
  message: z.string().optional().describe('Why the item was not imported (failed only)'),
});

export const FEED_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'post',
    path: '/feed/poll',
    id: 'pollFeed',
    summary: 'Poll the source site’s feed (TANDEM_FEED_URL) once now and import what is new or changed',
    tag: 'articles',
    // It imports articles: who may import may ask for it (editors and admins).
    permission: 'article.import',
    responses: {
      200: {
        description:
          'What the poll did: `not-modified`, or each item’s outcome (an item that failed is in the report; the poll still answers 200)',
        schema: z.object({
          url: z.string(),
          status: z.enum(['not-modified', 'fetched']),
          skipped: z.number().int().describe('Items unchanged since the last poll'),
          outcomes: z.array(Outcome),
        }),
      },
    },
    handle: async ({ deps }) => {
      // As `tandem feed poll` words it on a data directory without a feed; a 409, as it is the server's state, not the request.
      if (!deps.feed)
        throw new ConflictError('feed: no feed is configured; set TANDEM_FEED_URL to the RSS or Atom feed of the source site');
      // Under the feed duty: never beside another instance's poll (409, reason feed.busy).
      return { body: await deps.feed.pollOnce() };
    },
  }),
];
