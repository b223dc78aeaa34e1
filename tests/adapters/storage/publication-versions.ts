import type { PublishedVersion } from '../../../src/core/publication.ts';
import type { Slug } from '../../../src/core/slug.ts';

/** Version `n` of an article in a locale, as the publish service records it. */
export function version(slug: string, locale: string, n: number, publishedAt = `2026-10-0${n}T10:00:00.000Z`): PublishedVersion {
  return {
    slug: slug as Slug,
    locale,
    version: n,
    publishedBy: 'editor-park',
    publishedAt,
    sourceLocale: 'ko',
    sourceRevision: n,
    title: `${slug} ${locale} v${n}`,
    date: '2026-09-14',
    document: `---\ntitle: ${slug} v${n}\n---\n\nBody ${n}\n`,
    segments: [{ id: 's-1', hash: `h${n}` }],
  };
}
