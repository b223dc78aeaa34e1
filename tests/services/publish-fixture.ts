import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeInput } from '../../src/adapters/formats/decode.ts';
import { MarkdownFormat, markdownRebuilder } from '../../src/adapters/formats/markdown.ts';
import { HugoPublishTarget } from '../../src/adapters/publish/hugo-publish-target.ts';
import type { PublicationStore } from '../../src/core/ports/publication-store.ts';
import type { PublishTarget } from '../../src/core/ports/publish-target.ts';
import type { SourceReleaseMode } from '../../src/core/publication.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { PublishService, type PublishDeps } from '../../src/services/publish.ts';
import { ReviewService } from '../../src/services/review.ts';
import type { FormatRegistry } from '../../src/services/types.ts';
import { renderedBlocks } from '../../src/web/reader/rendered-blocks.ts';
import { openTestStorage } from '../support/storage.ts';

export const SAMPLE_SLUG = 'jangmadang-rice-prices-2026';
export const SAMPLE_FILE = join(import.meta.dirname, '../../content/ko', `${SAMPLE_SLUG}.md`);

export const translator = { name: 'translator-kim', role: 'translator' };
export const reviewer = { name: 'reviewer-lee', role: 'reviewer' };
export const editor = { name: 'editor-park', role: 'editor' };

/** A marker translation that keeps every inline tag, so the rebuild is exercised with real markup. */
export function fakeTranslation(locale: string, source: string): string {
  return `[${locale}] ${source}`;
}

export interface PublishFixture {
  readonly deps: PublishDeps;
  readonly publish: PublishService;
  readonly review: ReviewService;
  readonly publishDir: string;
  readonly clock: { now: Date };
  /** Save, submit and approve every live segment of `locale` whose translation is not approved yet. */
  approveAll(locale: string, slug?: string, translate?: (source: string) => string): Promise<void>;
  importSource(content: string, file?: string): Promise<void>;
}

export async function publishFixture(
  overrides: { publications?: PublicationStore; publishTarget?: PublishTarget; sourceRelease?: SourceReleaseMode } = {},
): Promise<PublishFixture> {
  const publishDir = await mkdtemp(join(tmpdir(), 'tandem-publish-'));
  const clock = { now: new Date('2026-10-05T09:00:00.000Z') };
  const storage = await openTestStorage();
  const formats: FormatRegistry = { forFile: () => MarkdownFormat, decode: (content, file) => decodeInput(content, file) };
  const deps: PublishDeps = {
    store: storage.articles,
    formats,
    targetLocales: ['en', 'ja', 'zh-Hans'],
    sourceLocale: 'ko',
    now: () => {
      clock.now = new Date(clock.now.getTime() + 1000);
      return clock.now;
    },
    publications: overrides.publications ?? storage.publications,
    rebuilder: markdownRebuilder,
    publishTarget: overrides.publishTarget ?? new HugoPublishTarget(publishDir),
    ...(overrides.sourceRelease ? { sourceRelease: overrides.sourceRelease } : {}),
    readerBlocks: renderedBlocks,
  };
  const review = new ReviewService(deps);
  const fixture: PublishFixture = {
    deps,
    publish: new PublishService(deps),
    review,
    publishDir,
    clock,
    async approveAll(locale, slug = SAMPLE_SLUG, translate = (source) => fakeTranslation(locale, source)) {
      const record = await deps.store.get(slug as never);
      if (!record) throw new Error(`fixture: no article ${slug}`);
      for (const segment of record.segments.filter((s) => !s.removedAt)) {
        const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === locale);
        if (t?.state === 'approved') continue;
        await review.submit({ slug, segmentId: segment.id, locale, text: translate(segment.source), actor: translator });
        await review.approve({ slug, segmentId: segment.id, locale, actor: reviewer });
      }
    },
    async importSource(content, file = `${SAMPLE_SLUG}.md`) {
      await importArticle(deps, { file, content, by: 'import' });
    },
  };
  await fixture.importSource(await readFile(SAMPLE_FILE, 'utf8'));
  return fixture;
}
