import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../../src/adapters/storage/postgres/index.ts';
import { PostgresMtStore } from '../../../../src/adapters/storage/postgres/mt-store.ts';
import { PostgresTranslationMemoryStore } from '../../../../src/adapters/storage/postgres/translation-memory-store.ts';
import type { Slug } from '../../../../src/core/slug.ts';
import { freshDatabase } from '../../../support/postgres.ts';

describe('PostgreSQL MT and memory migrations', () => {
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end();
  });

  it('when a database with the MT schema and its data gets the memory migration, then the MT data stays and the memory works', async () => {
    const pool = new pg.Pool({ connectionString: await freshDatabase(), max: 2 });
    pools.push(pool);
    const versions = (await loadMigrations()).map((m) => m.version);
    expect(versions).toEqual(expect.arrayContaining([100, 101, 200]));
    await migrate(pool, { upTo: 199 });

    const mt = new PostgresMtStore(pool);
    const { job } = await mt.queue.enqueue({ createdBy: 'editor-park', provider: 'deepl', locales: ['en'] }, [
      { slug: 'rice-prices' as Slug, segmentId: 's-1', locale: 'en', hash: 'h-1', expectedRevision: 0 },
    ]);
    const glossary = { sourceLocale: 'ko', targetLocale: 'en', entries: { 장마당: 'jangmadang' }, updatedAt: '2026-03-01T09:00:00.000Z' };
    await mt.settings.putGlossary(glossary);
    await mt.close();

    expect((await migrate(pool)).applied.map((m) => m.version)).toEqual(versions.filter((v) => v > 199));
    const reopened = new PostgresMtStore(pool);
    expect(await reopened.queue.counts(job.id)).toEqual({ queued: 1, inFlight: 0, retrying: 0, done: 0, failed: 0 });
    expect(await reopened.settings.glossaries()).toEqual([glossary]);
    await reopened.close();
    const memory = new PostgresTranslationMemoryStore(pool);
    await memory.add([
      {
        id: 'tm-1',
        sourceLocale: 'ko',
        targetLocale: 'en',
        source: '장마당에서 쌀값이 올랐다.',
        target: 'Rice prices rose at the market.',
        slug: 'rice-prices',
        segmentId: 's-1',
        approvedAt: '2026-03-01T09:00:00.000Z',
        approvedBy: 'editor-park',
        origin: 'approval',
      },
    ]);
    const hits = await memory.search({
      sourceLocale: 'ko',
      targetLocale: 'en',
      source: '장마당에서 쌀값이 내렸다.',
      threshold: 75,
      limit: 5,
    });
    expect(hits.map((h) => [h.item.id, h.score])).toEqual([['tm-1', 86]]);
  });
});
