import { z } from 'zod';
import type { VersionSummary } from '../../../services/publish.ts';
import { requireService } from '../../guards.ts';
import { ActorField, actorOf } from '../actor.ts';
import { type ApiAnswer, type ApiOperation, operation } from '../operation.ts';
import { LocaleParams, SlugParams } from '../schemas.ts';

const VersionSummaryOut = z.object({
  slug: z.string(),
  locale: z.string(),
  version: z.number().int(),
  publishedBy: z.string(),
  publishedAt: z.string(),
  sourceRevision: z.number().int(),
  title: z.string(),
  releaseAt: z.string().optional().describe('A scheduled release: readers see it from then on'),
  sourceLocale: z.string(),
  description: z.string().optional(),
  date: z.string().optional().describe('The article’s date from the source front matter'),
  machineAssisted: z.boolean().optional().describe('Some published text started as a machine draft'),
  replaces: z.number().int().optional().describe('A scheduled version: the version readers keep seeing until its release'),
});
const VersionOut = VersionSummaryOut.extend({
  document: z.string().describe('The published Markdown document'),
  segments: z.array(z.object({ id: z.string(), hash: z.string() })).describe('The source segments this version translates, in order'),
});
const VersionParams = LocaleParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });

function summary(v: VersionSummary): z.input<typeof VersionSummaryOut> {
  return {
    slug: v.slug,
    locale: v.locale,
    version: v.version,
    publishedBy: v.publishedBy,
    publishedAt: v.publishedAt,
    sourceRevision: v.sourceRevision,
    title: v.title,
    ...(v.releaseAt ? { releaseAt: v.releaseAt } : {}),
    sourceLocale: v.sourceLocale,
    ...(v.description !== undefined ? { description: v.description } : {}),
    ...(v.date !== undefined ? { date: v.date } : {}),
    ...(v.machineAssisted !== undefined ? { machineAssisted: v.machineAssisted } : {}),
    ...(v.replaces !== undefined ? { replaces: v.replaces } : {}),
  };
}

const base = (slug: string, locale: string) => `/api/v1/articles/${encodeURIComponent(slug)}/publications/${encodeURIComponent(locale)}`;

export const PUBLISH_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/articles/:slug/publications',
    id: 'getPublications',
    summary: 'Where an article stands in each locale: what blocks a publish, the live version, scheduled releases',
    tag: 'publishing',
    permission: 'article.view',
    params: SlugParams,
    responses: {
      200: {
        description: 'Readiness per locale',
        schema: z.object({ slug: z.string(), locales: z.array(z.record(z.string(), z.unknown())) }),
      },
    },
    handle: async ({ deps, params }) => {
      const overview = await requireService(deps.publish, 'publishing').overview(params.slug);
      return { body: { slug: overview.slug, locales: overview.locales } };
    },
  }),
  operation({
    method: 'post',
    path: '/articles/:slug/publications/:locale',
    pathLocales: 'published',
    id: 'publishLocale',
    summary: 'Publish the approved translation of a locale, now or at a release time (`at`)',
    tag: 'publishing',
    permission: 'article.publish',
    locale: true,
    params: LocaleParams,
    body: z.object({
      at: z.string().max(40).optional().describe('ISO 8601 time with an offset, in the future: a scheduled release'),
      actor: ActorField,
    }),
    idempotent: true,
    responses: {
      201: { description: 'A new version; Location names it', schema: VersionSummaryOut },
      200: { description: 'The live version already says exactly this; nothing recorded', schema: VersionSummaryOut },
    },
    handle: async ({ deps, params, body, user, res }) => {
      const result = await requireService(deps.publish, 'publishing').publish({
        slug: params.slug,
        locale: params.locale,
        actor: { name: actorOf(user, res, body.actor), role: user.role },
        ...(body.at ? { at: body.at } : {}),
      });
      const out = summary(result.version);
      const answer: ApiAnswer =
        result.status === 'published'
          ? {
              status: 201,
              body: out,
              headers: { Location: `${base(result.version.slug, result.version.locale)}/versions/${result.version.version}` },
            }
          : { status: 200, body: out };
      return answer;
    },
  }),
  operation({
    method: 'delete',
    path: '/articles/:slug/publications/:locale',
    pathLocales: 'published',
    id: 'unpublishLocale',
    summary: 'Take a locale off the reader site (its versions are kept)',
    tag: 'publishing',
    permission: 'article.publish',
    locale: true,
    params: LocaleParams,
    query: z.object({ actor: ActorField }),
    responses: {
      200: {
        description: 'Unpublished, or it already was (nothing changed)',
        schema: z.object({ unpublished: z.boolean().describe('false when the locale was not live: nothing changed') }),
      },
    },
    handle: async ({ deps, params, query, user, res }) => {
      const unpublished = await requireService(deps.publish, 'publishing').unpublish({
        slug: params.slug,
        locale: params.locale,
        actor: { name: actorOf(user, res, query.actor), role: user.role },
      });
      return { body: { unpublished } };
    },
  }),
  operation({
    method: 'get',
    path: '/articles/:slug/publications/:locale/versions',
    pathLocales: 'published',
    id: 'listVersions',
    summary: 'Every published version of a locale, oldest first',
    tag: 'publishing',
    permission: 'article.view',
    params: LocaleParams,
    responses: { 200: { description: 'Versions without documents', schema: z.object({ items: z.array(VersionSummaryOut) }) } },
    handle: async ({ deps, params }) => {
      const versions = await requireService(deps.publish, 'publishing').versions(params.slug, params.locale);
      return { body: { items: versions.map(summary) } };
    },
  }),
  operation({
    method: 'get',
    path: '/articles/:slug/publications/:locale/versions/:version',
    pathLocales: 'published',
    id: 'getVersion',
    summary: 'One published version with its document',
    tag: 'publishing',
    permission: 'article.view',
    params: VersionParams,
    responses: { 200: { description: 'The version', schema: VersionOut } },
    handle: async ({ deps, params }) => {
      const v = await requireService(deps.publish, 'publishing').version(params.slug, params.locale, params.version);
      return { body: { ...summary(v), document: v.document, segments: v.segments.map(({ id, hash }) => ({ id, hash })) } };
    },
  }),
  operation({
    method: 'get',
    path: '/articles/:slug/publications/:locale/diff',
    pathLocales: 'published',
    id: 'diffVersions',
    summary: 'A unified diff between two versions of a locale',
    tag: 'publishing',
    permission: 'article.view',
    params: LocaleParams,
    query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
    responses: {
      200: {
        description: 'The diff, older version first',
        schema: z.object({
          from: z.number().int(),
          to: z.number().int(),
          patch: z.string(),
          changes: z.array(z.object({ value: z.string(), added: z.boolean(), removed: z.boolean() })).describe('Line changes in order'),
          rows: z
            .array(z.record(z.string(), z.unknown()))
            .describe('The two documents aligned block by block (`kind`: same, changed, added, removed) with word-level changes'),
        }),
      },
    },
    handle: async ({ deps, params, query }) => {
      const diff = await requireService(deps.publish, 'publishing').diff(params.slug, params.locale, query.from, query.to);
      return { body: { from: diff.from, to: diff.to, patch: diff.patch, changes: diff.changes, rows: diff.rows } };
    },
  }),
];
