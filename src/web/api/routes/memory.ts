import { z } from 'zod';
import type { MemoryEntry } from '../../../core/ports/translation-memory-store.ts';
import { requireService } from '../../guards.ts';
import { localeField } from '../../validate.ts';
import { type ApiOperation, operation } from '../operation.ts';

const Pair = z.object({ from: localeField, to: localeField });
// An empty text is the services' to refuse (concordance) or answer (lookup), as on the command line's data directory.
const Query = z.object({ q: z.string().max(2000).describe('The text to look up') });
const EntryOut = z.object({
  id: z.string(),
  sourceLocale: z.string(),
  targetLocale: z.string(),
  source: z.string(),
  target: z.string(),
  slug: z.string().nullable().describe('The article it was approved in; null for imported pairs'),
  segmentId: z.string().nullable(),
  approvedAt: z.string(),
  approvedBy: z.string().nullable().describe('Who approved it, or the tool it was imported from'),
  origin: z.enum(['approval', 'import']),
  note: z.string().optional().describe('Free text carried from an imported file'),
  replaces: z.string().optional().describe('An earlier entry this one replaces'),
});

/** An entry as stored, field for field (what `tandem memory search --json` prints on a data directory too). */
function entryOut(e: MemoryEntry): z.input<typeof EntryOut> {
  return { ...e };
}

export const MEMORY_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/memory/:from/:to/matches',
    id: 'memoryMatches',
    summary: 'Fuzzy matches for a source text, best first, with their score',
    tag: 'translation memory',
    permission: 'article.view',
    params: Pair,
    query: Query.extend({
      threshold: z.coerce.number().int().min(0).max(100).optional().describe('Lowest score, 0–100 (default 75)'),
      limit: z.coerce.number().int().min(1).max(1000).optional().describe('Most matches (1–1000, default 20)'),
    }),
    responses: {
      200: {
        description: 'Matches',
        schema: z.object({
          items: z.array(
            z.object({
              score: z.number(),
              exact: z.boolean(),
              text: z.string().describe('The translation with the query’s tag numbering'),
              diff: z
                .array(z.object({ op: z.enum(['equal', 'delete', 'insert']), text: z.string() }))
                .describe('What changes from the memory’s source (`delete`) to `q` (`insert`)'),
              entry: EntryOut,
            }),
          ),
        }),
      },
    },
    handle: async ({ deps, params, query }) => {
      const matches = await requireService(deps.memory, 'translation memory').lookup(query.q, {
        sourceLocale: params.from,
        targetLocale: params.to,
        ...(query.threshold === undefined ? {} : { threshold: query.threshold }),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      });
      return {
        body: { items: matches.map((m) => ({ entry: entryOut(m.entry), score: m.score, exact: m.exact, text: m.text, diff: m.diff })) },
      };
    },
  }),
  operation({
    method: 'get',
    path: '/memory/:from/:to/concordance',
    id: 'memoryConcordance',
    summary: 'Pairs whose source or translation contains the words of `q`',
    tag: 'translation memory',
    permission: 'article.view',
    params: Pair,
    query: Query.extend({
      in: z.enum(['source', 'target', 'both']).optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional().describe('Most entries (1–1000)'),
    }),
    responses: { 200: { description: 'Entries', schema: z.object({ items: z.array(EntryOut) }) } },
    handle: async ({ deps, params, query }) => {
      const entries = await requireService(deps.memory, 'translation memory').concordance(query.q, {
        sourceLocale: params.from,
        targetLocale: params.to,
        ...(query.in ? { in: query.in } : {}),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      });
      return { body: { items: entries.map(entryOut) } };
    },
  }),
  operation({
    method: 'get',
    path: '/memory/:from/:to/tmx',
    id: 'exportMemory',
    summary: 'The pair’s memory as a TMX 1.4 file',
    tag: 'translation memory',
    permission: 'article.view',
    params: Pair,
    responses: { 200: { description: 'TMX (application/x-tmx+xml)' } },
    handle: async ({ deps, params }) => {
      return {
        body: await requireService(deps.memory, 'translation memory').exportFile(params.to, params.from),
        headers: {
          'Content-Type': 'application/x-tmx+xml; charset=utf-8',
          'Content-Disposition': `attachment; filename="memory-${params.from}-${params.to}.tmx"`,
        },
      };
    },
  }),
  operation({
    method: 'post',
    path: '/memory/tmx',
    id: 'importMemory',
    summary: 'Import a TMX file (as text) into the memory; a malformed file adds nothing',
    tag: 'translation memory',
    permission: 'memory.manage',
    body: z.object({ content: z.string().min(1).describe('The TMX document'), file: z.string().max(200).optional() }),
    idempotent: true,
    responses: {
      200: {
        description: 'What was added',
        schema: z.object({
          units: z.number().int(),
          added: z.number().int(),
          duplicates: z.number().int(),
          skipped: z.number().int(),
          locales: z.array(z.string()),
        }),
      },
    },
    handle: async ({ deps, body, user }) => {
      const summary = await requireService(deps.memory, 'translation memory').importFile(
        body.content,
        body.file ?? 'api.tmx',
        `import:${user.name}`,
      );
      return { body: { ...summary, locales: [...summary.locales] } };
    },
  }),
];
