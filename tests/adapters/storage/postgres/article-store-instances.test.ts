import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresCoreStores, type PostgresCoreStores } from '../../../../src/adapters/storage/postgres/index.ts';
import { ConflictError } from '../../../../src/core/errors.ts';
import type { ArticleRecord, ArticleSummary, Translation } from '../../../../src/core/model.ts';
import { parseSlug } from '../../../../src/core/slug.ts';
import { checkRevision } from '../../../../src/services/review-rules.ts';
import { makeRecord, withTranslation } from '../../../fixtures/storage/records.ts';
import { freshDatabase } from '../../../support/postgres.ts';

// Two openings of one database stand for two Tandem instances: separate pools, separate LISTEN connections.
const opened: PostgresCoreStores[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((stores) => stores.close()));
});

async function twoInstances(): Promise<[PostgresCoreStores, PostgresCoreStores]> {
  const databaseUrl = await freshDatabase();
  const a = await openPostgresCoreStores({ dataDir: '/nonexistent', databaseUrl });
  opened.push(a);
  const b = await openPostgresCoreStores({ dataDir: '/nonexistent', databaseUrl });
  opened.push(b);
  return [a, b];
}

const slug = parseSlug('rice-prices');
const SEGMENT = 's-rice-prices-1';

function translation(record: ArticleRecord | null): Translation {
  const found = record?.translations.find((t) => t.segmentId === SEGMENT && t.locale === 'en');
  if (!found) throw new Error('test: no translation');
  return found;
}

describe('the PostgreSQL article store with two instances on one database', () => {
  it('when both save from the same revision, then the database accepts one and the other gets the conflict error', async () => {
    const [a, b] = await twoInstances();
    await a.articles.update(slug, () => makeRecord('rice-prices'));
    const base = translation(await a.articles.get(slug)).revision;

    // A reads and checks the revision, then B saves while A is still making its change.
    let aChecked!: () => void;
    const checkedByA = new Promise<void>((resolve) => (aChecked = resolve));
    let letAFinish!: () => void;
    const aMayFinish = new Promise<void>((resolve) => (letAFinish = resolve));
    const saveA = a.articles.update(slug, async (current) => {
      checkRevision(translation(current), base);
      aChecked();
      await aMayFinish;
      return withTranslation(current!, SEGMENT, 'en', { state: 'draft', text: 'From A.' });
    });
    await checkedByA;
    await b.articles.update(slug, (current) => {
      checkRevision(translation(current), base);
      return withTranslation(current!, SEGMENT, 'en', { state: 'draft', text: 'From B.' });
    });
    letAFinish();

    await expect(saveA).rejects.toBeInstanceOf(ConflictError);
    const stored = translation(await a.articles.get(slug));
    expect(stored.text).toBe('From B.');
    expect(stored.revision).toBe(base + 1);
  });

  it('when both keep changing one article at the same time, then no change is lost', async () => {
    const [a, b] = await twoInstances();
    await a.articles.update(slug, () => makeRecord('rice-prices'));
    const edit = (stores: PostgresCoreStores, text: string) =>
      stores.articles.update(slug, (current) => withTranslation(current!, SEGMENT, 'en', { state: 'draft', text }));
    await Promise.all(Array.from({ length: 10 }, (_, i) => [edit(a, `A${i}`), edit(b, `B${i}`)]).flat());

    const record = (await b.articles.get(slug))!;
    expect(record.history).toHaveLength(20);
    expect(translation(record).revision).toBe(20);
    expect(new Set(record.history.map((h) => h.textAfter)).size).toBe(20);
  });

  it('when one instance changes an article, then the listing rows watched on the other instance follow', async () => {
    const [a, b] = await twoInstances();
    const heard: ArticleSummary[] = [];
    let waiting: { count: number; resolve: () => void } | null = null;
    b.articles.watch!((row) => {
      heard.push(row);
      if (waiting && heard.length >= waiting.count) waiting.resolve();
    });
    const heardCount = (count: number) =>
      heard.length >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { count, resolve }));

    await a.articles.update(slug, () => makeRecord('rice-prices', { title: '쌀값' }));
    await heardCount(1);
    expect(heard[0]).toMatchObject({ slug: 'rice-prices', title: '쌀값' });

    await a.articles.update(slug, (current) => withTranslation(current!, SEGMENT, 'en', { state: 'approved', text: 'Rice.' }));
    await heardCount(2);
    expect(heard[1]).toEqual((await b.articles.list())[0]);
    expect(heard[1]?.locales.find((l) => l.locale === 'en')?.counts.approved).toBe(1);
  });
});
