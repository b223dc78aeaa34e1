import { DeeplProvider } from '../../src/adapters/mt/deepl.ts';
import { decodeInput, formatForFile } from '../../src/adapters/formats/index.ts';
import { InMemoryArticleStore } from '../../src/adapters/storage/in-memory/article-store.ts';
import { InMemoryMtStore } from '../../src/adapters/storage/in-memory/mt-store.ts';
import type { ArticleStore } from '../../src/core/ports/article-store.ts';
import type { MtStore } from '../../src/core/ports/mt-store.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { ReviewService } from '../../src/services/review.ts';
import { createMtService, type MtService, type MtServiceDeps } from '../../src/services/mt/index.ts';
import type { ServiceDeps } from '../../src/services/types.ts';
import { FakeDeepl } from './server.ts';

export const KEY = 'test-key:fx';

/** An MT test rig: article store, review service, MT store, a DeepL provider pointed at a fake DeepL server. */
export interface Rig {
  readonly fake: FakeDeepl;
  readonly store: ArticleStore;
  readonly mt: MtStore;
  readonly review: ReviewService;
  readonly service: MtService;
  readonly deps: ServiceDeps;
  import(slug: string, markdown: string): Promise<void>;
  close(): Promise<void>;
}

export async function startRig(
  options: {
    store?: ArticleStore;
    mt?: MtStore;
    timeoutMs?: number;
    service?: Partial<MtServiceDeps>;
    autoTranslate?: boolean;
    /** Review hooks (memory on approval, checks on text changes). */
    hooks?: Pick<ServiceDeps, 'onApproved' | 'onTextChanged' | 'checker' | 'changes'>;
  } = {},
): Promise<Rig> {
  const fake = await FakeDeepl.start();
  const store = options.store ?? new InMemoryArticleStore();
  const mt = options.mt ?? new InMemoryMtStore();
  const provider = new DeeplProvider({ authKey: KEY, serverUrl: fake.url, timeoutMs: options.timeoutMs ?? 2000 });
  let service: MtService | null = null;
  const deps: ServiceDeps = {
    store,
    formats: { forFile: formatForFile, decode: (content, file) => decodeInput(content, file) },
    sourceLocale: 'ko',
    targetLocales: ['en', 'ja', 'zh-Hans'],
    afterImport: (result, record) => service!.afterImport(result, record),
    ...options.hooks,
  };
  const review = new ReviewService(deps);
  service = createMtService({
    store,
    mt,
    provider,
    drafts: review,
    sourceLocale: 'ko',
    targetLocales: ['en', 'ja', 'zh-Hans'],
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    concurrency: 2,
    autoTranslate: options.autoTranslate ?? false,
    ...(options.hooks?.changes ? { changes: options.hooks.changes } : {}),
    ...options.service,
  });
  return {
    fake,
    store,
    mt,
    review,
    service,
    deps,
    async import(slug, markdown) {
      await importArticle(deps, { file: `${slug}.md`, content: markdown, slug, by: 'editor' });
    },
    async close() {
      await fake.close();
      await mt.close();
      await store.close();
    },
  };
}

/** A Korean article in Markdown with front matter. */
export function article(title: string, paragraphs: readonly string[], frontMatter = ''): string {
  return `---\ntitle: ${title}\n${frontMatter}---\n\n${paragraphs.join('\n\n')}\n`;
}
