import { beforeEach, describe, expect, it } from 'vitest';
import type { ArticleStore } from '../../../src/core/ports/article-store.ts';
import { parseSlug, type Slug } from '../../../src/core/slug.ts';
import { makeRecord, withTranslation } from '../../fixtures/storage/records.ts';
import { backendsWith, useBackend } from './backends.ts';

const slug = (value: string): Slug => parseSlug(value);
const approve = (s: string, segment: number, text: string) => (current: Parameters<typeof withTranslation>[0] | null) =>
  withTranslation(current ?? makeRecord(s), `s-${s}-${segment}`, 'en', { state: 'approved', text });

// ArticleStore.pendingApprovals and settleApprovals on every backend: what start-up memory reconciliation reads
// instead of the archive (services/recovery.ts).
describe.each(backendsWith('articles'))('approval marks contract ($name)', (row) => {
  const backend = useBackend(row);
  let store: ArticleStore;

  beforeEach(() => {
    store = backend.storage.articles;
  });

  it('when writes bring no approval, then no article is pending', async () => {
    await store.update(slug('draft-only'), () => makeRecord('draft-only'));
    await store.update(slug('draft-only'), (current) =>
      withTranslation(current!, 's-draft-only-1', 'en', { state: 'draft', text: 'A draft.' }),
    );
    expect(await store.pendingApprovals()).toEqual([]);
  });

  it('when articles are approved, then exactly they are pending, by slug, until settled', async () => {
    await store.update(slug('quiet'), () => makeRecord('quiet'));
    await store.update(slug('rice'), () => makeRecord('rice'));
    await store.update(slug('rice'), approve('rice', 1, 'Rice prices rose.'));
    await store.update(slug('border'), approve('border', 2, 'The border is closed.'));

    const pending = await store.pendingApprovals();
    expect(pending.map((p) => p.slug)).toEqual(['border', 'rice']);
    await store.settleApprovals(pending);
    expect(await store.pendingApprovals()).toEqual([]);
  });

  it('when an article is approved again after it was listed, then settling that listing keeps its mark', async () => {
    await store.update(slug('rice'), approve('rice', 1, 'Rice prices rose.'));
    await store.update(slug('border'), approve('border', 1, 'The border is closed.'));
    const listed = await store.pendingApprovals();
    await store.update(slug('rice'), approve('rice', 2, 'In Pyongyang the dollar fell.'));

    await store.settleApprovals(listed);
    expect((await store.pendingApprovals()).map((p) => p.slug)).toEqual(['rice']);
  });

  it('when a settled article gets a write without new approvals, then it stays settled', async () => {
    await store.update(slug('rice'), approve('rice', 1, 'Rice prices rose.'));
    await store.settleApprovals(await store.pendingApprovals());
    await store.update(slug('rice'), (current) => withTranslation(current!, 's-rice-2', 'ja', { state: 'draft', text: '下書き' }));
    expect(await store.pendingApprovals()).toEqual([]);
  });

  if (row.persistent) {
    it('when the store is reopened, then the marks not settled are still pending and settled ones are not', async () => {
      await store.update(slug('rice'), approve('rice', 1, 'Rice prices rose.'));
      await store.update(slug('border'), approve('border', 1, 'The border is closed.'));
      await store.settleApprovals((await store.pendingApprovals()).filter((p) => p.slug === 'border'));

      store = (await backend.reopen()).articles;
      const pending = await store.pendingApprovals();
      expect(pending.map((p) => p.slug)).toEqual(['rice']);
      await store.settleApprovals(pending);
      store = (await backend.reopen()).articles;
      expect(await store.pendingApprovals()).toEqual([]);
    });
  }
});
