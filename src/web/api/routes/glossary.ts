import { z } from 'zod';
import { NotFoundError } from '../../../core/errors.ts';
import { requireService } from '../../guards.ts';
import { localeField, typedText } from '../../validate.ts';
import { type ApiOperation, operation } from '../operation.ts';
import { decodePageCursor, encodePageCursor, nextLink } from '../pagination.ts';
import { PageQuery, Slug } from '../schemas.ts';

const Pair = z.object({ from: localeField, to: localeField });
const Term = typedText(200, { trim: true });
const EntryOut = z.object({
  source: z.string(),
  target: z.string(),
  note: z.string().optional(),
  forbidden: z.array(z.string()).optional(),
  caseSensitive: z.boolean().optional(),
});
const ConfidentialOut = z.object({ term: z.string(), render: z.string().optional(), addedAt: z.string(), addedBy: z.string() });

export const GLOSSARY_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/glossaries',
    id: 'listGlossaries',
    summary: 'Every language pair with a glossary, and its size',
    tag: 'glossary',
    permission: 'article.view',
    responses: {
      200: {
        description: 'Pairs',
        schema: z.object({
          items: z.array(z.object({ from: z.string(), to: z.string(), entries: z.number().int(), updatedAt: z.string() })),
        }),
      },
    },
    handle: async ({ deps }) => {
      const list = await requireService(deps.glossary, 'glossary').list();
      return {
        body: {
          items: list.map((g) => ({
            from: g.sourceLocale,
            to: g.targetLocale,
            entries: Object.keys(g.entries).length,
            updatedAt: g.updatedAt,
          })),
        },
      };
    },
  }),
  operation({
    method: 'get',
    path: '/glossaries/:from/:to',
    id: 'getGlossary',
    summary: 'One pair’s whole glossary as stored: every entry and its details (what `tandem glossary list --json` prints)',
    tag: 'glossary',
    permission: 'article.view',
    params: Pair,
    responses: {
      200: {
        description: 'The glossary',
        schema: z.object({
          sourceLocale: z.string(),
          targetLocale: z.string(),
          entries: z.record(z.string(), z.string()).describe('Source term → target term'),
          details: z.record(z.string(), EntryOut.omit({ source: true, target: true })).optional(),
          updatedAt: z.string(),
        }),
      },
    },
    handle: async ({ deps, params }) => {
      const record = await requireService(deps.glossary, 'glossary').get(params.from, params.to);
      if (!record) throw new NotFoundError(`api: there is no ${params.from}→${params.to} glossary`);
      return { body: record };
    },
  }),
  operation({
    method: 'get',
    path: '/glossaries/:from/:to/entries',
    id: 'listGlossaryEntries',
    summary: 'The entries of one pair’s glossary, optionally matching `q`',
    tag: 'glossary',
    permission: 'article.view',
    params: Pair,
    query: PageQuery.extend({ q: z.string().trim().max(200).optional() }),
    responses: {
      200: {
        description: 'One page of entries',
        schema: z.object({ items: z.array(EntryOut), next: z.string().nullable(), total: z.number().int() }),
      },
    },
    handle: async ({ deps, params, query, req }) => {
      const at = query.cursor ? decodePageCursor(query.cursor) : { page: 1, size: query.limit ?? 50 };
      const page = await requireService(deps.glossary, 'glossary').search(params.from, params.to, query.q ?? '', at.page, at.size);
      const next = page.page < page.pages ? encodePageCursor(page.page + 1, at.size) : null;
      return { body: { items: page.entries, next, total: page.total }, headers: nextLink(req.originalUrl, next) };
    },
  }),
  operation({
    method: 'put',
    path: '/glossaries/:from/:to/entries',
    id: 'putGlossaryEntry',
    summary: 'Add an entry, or change one (`was` names the source term being edited)',
    tag: 'glossary',
    permission: 'glossary.manage',
    params: Pair,
    body: z.object({
      source: Term,
      target: Term,
      was: Term.optional(),
      forbidden: typedText(1000).optional().describe('Forbidden renderings separated by |'),
      note: typedText(1000).optional(),
      caseSensitive: z.boolean().optional(),
    }),
    responses: { 200: { description: 'The pair’s glossary size after the change', schema: z.object({ entries: z.number().int() }) } },
    handle: async ({ deps, params, body }) => {
      const record = await requireService(deps.glossary, 'glossary').putEntry({ ...params, ...body });
      return { body: { entries: Object.keys(record.entries).length } };
    },
  }),
  operation({
    method: 'delete',
    path: '/glossaries/:from/:to/entries',
    id: 'deleteGlossaryEntry',
    summary: 'Remove the entry whose source term is `source`',
    tag: 'glossary',
    permission: 'glossary.manage',
    params: Pair,
    query: z.object({ source: Term }),
    responses: { 204: { description: 'Removed' } },
    handle: async ({ deps, params, query }) => {
      const removed = await requireService(deps.glossary, 'glossary').removeEntry(params.from, params.to, query.source);
      if (!removed) throw new NotFoundError(`api: the ${params.from}→${params.to} glossary has no entry ${query.source}`);
      return { status: 204 };
    },
  }),
  operation({
    method: 'get',
    path: '/confidential',
    id: 'listConfidentialTerms',
    summary: 'Confidential terms: global ones, and those of one article with `slug`',
    tag: 'confidential terms',
    permission: 'glossary.manage',
    query: z.object({ slug: Slug.optional() }),
    responses: {
      200: { description: 'The terms', schema: z.object({ global: z.array(ConfidentialOut), article: z.array(ConfidentialOut) }) },
    },
    handle: async ({ deps, query }) => ({ body: await requireService(deps.confidential, 'confidential terms').list(query.slug) }),
  }),
  operation({
    method: 'post',
    path: '/confidential',
    id: 'addConfidentialTerm',
    summary: 'Add a name that never leaves the newsroom (masked before machine translation), globally or for one article',
    tag: 'confidential terms',
    permission: 'glossary.manage',
    body: z.object({ term: Term, render: Term.optional(), slug: Slug.optional() }),
    responses: { 201: { description: 'The term as stored', schema: ConfidentialOut } },
    handle: async ({ deps, body, user }) => {
      const record = await requireService(deps.confidential, 'confidential terms').add({ ...body, by: user.name });
      return { status: 201, body: record };
    },
  }),
  operation({
    method: 'delete',
    path: '/confidential',
    id: 'removeConfidentialTerm',
    summary: 'Remove a confidential term (global, or of one article with `slug`)',
    tag: 'confidential terms',
    permission: 'glossary.manage',
    query: z.object({ term: Term, slug: Slug.optional() }),
    responses: { 204: { description: 'Removed' } },
    handle: async ({ deps, query }) => {
      const removed = await requireService(deps.confidential, 'confidential terms').remove(query.term, query.slug);
      if (!removed) throw new NotFoundError(`api: no confidential term ${query.term}${query.slug ? ` in ${query.slug}` : ''}`);
      return { status: 204 };
    },
  }),
];
