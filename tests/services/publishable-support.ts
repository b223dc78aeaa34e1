import { decodeInput } from '../../src/adapters/formats/decode.ts';
import { MarkdownFormat, markdownRebuilder } from '../../src/adapters/formats/markdown.ts';
import { CHECKS } from '../../src/checks/index.ts';
import type { Segment } from '../../src/core/model.ts';
import type { PreparedFile, PublishTarget } from '../../src/core/ports/publish-target.ts';
import type { Storage } from '../../src/core/ports/storage-backend.ts';
import { CheckService } from '../../src/services/checks.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { PublishService, type PublishDeps } from '../../src/services/publish.ts';
import { ReviewService } from '../../src/services/review.ts';
import { openTestStorage } from '../support/storage.ts';

/** Published files kept in a map: the property tests publish hundreds of times and need no disk. */
export class MapPublishTarget implements PublishTarget {
  readonly files = new Map<string, string>();

  async prepare(locale: string, slug: string, content: string): Promise<PreparedFile> {
    const path = `${locale}/${slug}.md`;
    return { path, commit: async () => void this.files.set(path, content), abort: async () => undefined };
  }

  async remove(locale: string, slug: string): Promise<boolean> {
    return this.files.delete(`${locale}/${slug}.md`);
  }

  async read(locale: string, slug: string): Promise<string | null> {
    return this.files.get(`${locale}/${slug}.md`) ?? null;
  }

  async removeLeftovers(): Promise<number> {
    return 0;
  }
}

export const SLUG = 'inflation';
export const translator = { name: 'tina', role: 'translator' };
export const reviewer = { name: 'rex', role: 'reviewer' };
export const editor = { name: 'eddie', role: 'editor' };

/** A title (no tags) and a paragraph with paired tags (strong, link) and a standalone one (inline code). */
export const ARTICLE = `---\ntitle: 물가 상승률\n---\n\n물가 상승률은 **5% 미만**이라고 [통계청](https://kostat.go.kr)이 \`CPI\` 자료로 밝혔다.\n`;

export interface PublishableFixture {
  readonly storage: Storage;
  readonly review: ReviewService;
  readonly checks: CheckService;
  readonly publish: PublishService;
  readonly target: MapPublishTarget;
  /** Live segments in reading order: [title, paragraph]. */
  readonly segments: readonly Segment[];
  close(): Promise<void>;
}

/** The article imported over the in-memory backend, with checks run on every text change, publishing to a map. */
export async function publishableFixture(): Promise<PublishableFixture> {
  const storage = await openTestStorage();
  let tick = 0;
  const target = new MapPublishTarget();
  const checks = new CheckService({ store: storage.articles, checks: CHECKS });
  const deps: PublishDeps = {
    store: storage.articles,
    formats: { forFile: () => MarkdownFormat, decode: (content, file) => decodeInput(content, file) },
    targetLocales: ['en'],
    sourceLocale: 'ko',
    now: () => new Date(Date.UTC(2026, 2, 1, 9, 0, tick++)),
    publications: storage.publications,
    rebuilder: markdownRebuilder,
    publishTarget: target,
    checker: checks,
  };
  await importArticle(deps, { file: `${SLUG}.md`, content: ARTICLE, by: 'import' });
  const record = (await storage.articles.get(SLUG as never))!;
  const segments = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
  return {
    storage,
    review: new ReviewService(deps),
    checks,
    publish: new PublishService(deps),
    target,
    segments,
    close: () => storage.close(),
  };
}
