import type { ArticleSummary } from '../core/model.ts';
import type { ArticleStore } from '../core/ports/article-store.ts';
import { SummaryIndex } from '../core/summary-index.ts';
import { targetLocales } from './import-article.ts';
import type { ServiceDeps } from './types.ts';

const views = new WeakMap<ArticleStore, Map<string, Promise<SummaryIndex>>>();

/**
 * The store's summaries as a `SummaryIndex` for the installation's target locales: built once per store from its
 * listing, then kept up to date by watching the store's changes, so the queue, the articles list and status read what
 * they show instead of the archive. A store that cannot be watched is listed again on every call.
 */
export function summaryIndex(deps: ServiceDeps): Promise<SummaryIndex> {
  const locales = targetLocales(deps);
  const { store } = deps;
  if (!store.watch) return store.list().then((rows) => new SummaryIndex(locales, rows));
  let byLocales = views.get(store);
  if (!byLocales) {
    byLocales = new Map();
    views.set(store, byLocales);
  }
  const key = locales.join('\u0000');
  let index = byLocales.get(key);
  if (!index) {
    index = watched(store, locales);
    byLocales.set(key, index);
    const cached = byLocales;
    index.catch(() => cached.delete(key));
  }
  return index;
}

async function watched(store: ArticleStore, locales: readonly string[]): Promise<SummaryIndex> {
  // Changes made while the listing is read are applied after it, in order (a later row replaces an earlier one).
  const pending: ArticleSummary[] = [];
  let index: SummaryIndex | null = null;
  const stop = store.watch!((row) => (index ? index.set(row) : pending.push(row)));
  try {
    const built = new SummaryIndex(locales, await store.list());
    for (const row of pending) built.set(row);
    index = built;
    return built;
  } catch (error) {
    stop();
    throw error;
  }
}
