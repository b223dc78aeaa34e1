import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPublishing, SilentNotifier, WebhookNotifier } from '../../../src/adapters/publish/index.ts';
import { InMemoryPublicationStore } from '../../../src/adapters/storage/in-memory/publication-store.ts';
import { LowdbPublicationStore } from '../../../src/adapters/storage/lowdb/publication-store.ts';
import type { PublishedVersion } from '../../../src/core/publication.ts';
import type { Slug } from '../../../src/core/slug.ts';

const version: PublishedVersion = {
  slug: 'market' as Slug,
  locale: 'en',
  version: 1,
  publishedBy: 'editor-park',
  publishedAt: '2026-10-01T10:00:00.000Z',
  sourceLocale: 'ko',
  sourceRevision: 1,
  title: 'Market',
  date: '2026-09-14',
  document: '---\ntitle: Market\n---\n\nBody\n',
  segments: [{ id: 's-1', hash: 'h1' }],
};

describe('openPublishing', () => {
  it('when no webhook is configured, then the given publication store is used and nothing is notified', async () => {
    const publications = new InMemoryPublicationStore();
    const publishing = openPublishing({ publications, publishDir: '/srv/tandem/content', webhook: null });
    expect(publishing.publications).toBe(publications);
    expect(publishing.notifier).toBeInstanceOf(SilentNotifier);
    await publishing.close();
  });

  it('when publishing is closed, then the publication store stays open (its storage backend closes it)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-open-pub-'));
    // The lowdb store refuses every call once closed, so a store closed by publishing would fail here.
    const publications = await LowdbPublicationStore.open(dir);
    try {
      const publishing = openPublishing({ publications, publishDir: join(dir, 'content'), webhook: null });
      await publishing.close();
      await publications.append(version);
      expect(await publications.versions('market' as Slug, 'en')).toEqual([version]);
    } finally {
      await publications.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when a webhook is configured, then the notifier signs with its secret', async () => {
    const publishing = openPublishing({
      publications: new InMemoryPublicationStore(),
      publishDir: '/srv/tandem/content',
      webhook: { url: 'http://127.0.0.1:9/hook', secret: 's' },
    });
    expect(publishing.notifier).toBeInstanceOf(WebhookNotifier);
    await publishing.close();
  });
});
