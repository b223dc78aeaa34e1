import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.ts';
import type { ArticleRecord } from '../../../src/core/model.ts';
import type { ArticleStore } from '../../../src/core/ports/article-store.ts';
import { parseSlug, type Slug } from '../../../src/core/slug.ts';
import { makeRecord, withTranslation } from '../../fixtures/storage/records.ts';
import { backendsWith, useBackend } from './backends.ts';

const slug = (value: string): Slug => parseSlug(value);

// The behaviour every backend's ArticleStore must have.
describe.each(backendsWith('articles'))('article store contract ($name)', (row) => {
  const backend = useBackend(row);
  let store: ArticleStore;

  beforeEach(() => {
    store = backend.storage.articles;
  });

  it('when an article does not exist, then get returns null and list is empty', async () => {
    expect(await store.get(slug('no-such-article'))).toBeNull();
    expect(await store.list()).toEqual([]);
  });

  it('when update creates an article, then change saw null and get returns the stored record', async () => {
    const seen: (ArticleRecord | null)[] = [];
    const record = makeRecord('market-prices');
    const result = await store.update(slug('market-prices'), (current) => {
      seen.push(current);
      return record;
    });
    expect(seen).toEqual([null]);
    expect(result).toEqual(record);
    expect(await store.get(slug('market-prices'))).toEqual(record);
  });

  it('when update modifies an article, then change gets the current record and the new one is stored', async () => {
    const s = slug('rice-prices');
    await store.update(s, () => makeRecord('rice-prices'));
    const approved = await store.update(s, (current) =>
      withTranslation(current!, 's-rice-prices-1', 'en', { state: 'approved', text: 'Rice prices rose.' }),
    );
    const stored = await store.get(s);
    expect(stored).toEqual(approved);
    expect(stored?.translations.find((t) => t.segmentId === 's-rice-prices-1' && t.locale === 'en')?.state).toBe('approved');
    expect(stored?.history).toHaveLength(1);
  });

  it('when change returns null, then nothing is stored and update resolves to the current record', async () => {
    expect(await store.update(slug('ghost'), () => null)).toBeNull();
    expect(await store.get(slug('ghost'))).toBeNull();
    expect(await store.list()).toEqual([]);

    const record = makeRecord('kept');
    await store.update(slug('kept'), () => record);
    expect(await store.update(slug('kept'), () => null)).toEqual(record);
    expect(await store.get(slug('kept'))).toEqual(record);
  });

  it('when change throws, then update rejects with that error and the record is unchanged', async () => {
    const record = makeRecord('unchanged');
    await store.update(slug('unchanged'), () => record);
    await expect(
      store.update(slug('unchanged'), () => {
        throw new Error('refused by the workflow');
      }),
    ).rejects.toThrow('refused by the workflow');
    expect(await store.get(slug('unchanged'))).toEqual(record);
  });

  it('when change returns the record of another slug, then update rejects with a ValidationError', async () => {
    await expect(store.update(slug('first'), () => makeRecord('second'))).rejects.toBeInstanceOf(ValidationError);
    expect(await store.get(slug('first'))).toBeNull();
    expect(await store.get(slug('second'))).toBeNull();
  });

  it.each(['../escape', 'a/b', 'UPPER', '', '.hidden'])(
    'when the slug is %j, then get and update reject with a ValidationError',
    async (bad) => {
      await expect(store.get(bad as Slug)).rejects.toBeInstanceOf(ValidationError);
      await expect(store.update(bad as Slug, () => null)).rejects.toBeInstanceOf(ValidationError);
    },
  );

  it('when a caller mutates a record it got, then the stored record does not change', async () => {
    await store.update(slug('immutable'), () => makeRecord('immutable'));
    const got = (await store.get(slug('immutable'))) as unknown as { history: unknown[] };
    got.history.push({ forged: true });
    expect((await store.get(slug('immutable')))?.history).toEqual([]);
  });

  it('when an article is peeked, then pick sees the stored record and its answer is returned; null when there is none', async () => {
    const s = slug('peeked');
    expect(await store.peek(s, () => 'never called')).toBeNull();
    await store.update(s, () => makeRecord('peeked'));
    const approved = await store.update(s, (current) =>
      withTranslation(current!, 's-peeked-1', 'en', { state: 'approved', text: 'Seen.' }),
    );
    expect(await store.peek(s, (record) => record.translations.map((t) => t.text))).toEqual(approved!.translations.map((t) => t.text));
    expect(await store.peek(s, (record) => record.article.slug)).toBe('peeked');
  });

  it('when a peek is asked while an update is in flight, then it sees the record the update stores', async () => {
    const s = slug('peek-order');
    await store.update(s, () => makeRecord('peek-order'));
    const writing = store.update(s, (current) => withTranslation(current!, 's-peek-order-1', 'en', { state: 'approved', text: 'New.' }));
    const seen = store.peek(s, (record) => record.translations.find((t) => t.segmentId === 's-peek-order-1')?.text);
    await writing;
    expect(await seen).toBe('New.');
  });

  it('when many updates of one article run at once, then each sees the previous one and none is lost', async () => {
    const s = slug('busy-article');
    await store.update(s, () => makeRecord('busy-article'));
    const updates = Array.from({ length: 40 }, (_, i) =>
      store.update(s, async (current) => {
        // Yield between read and write so unserialized updates would interleave and lose each other.
        await new Promise((resolve) => setImmediate(resolve));
        return withTranslation(current!, 's-busy-article-1', 'ja', { state: 'draft', text: `draft ${i}`, action: `edit-${i}` });
      }),
    );
    await Promise.all(updates);
    const stored = await store.get(s);
    expect(stored?.history.map((e) => e.action)).toEqual(Array.from({ length: 40 }, (_, i) => `edit-${i}`));
    expect(stored?.translations.find((t) => t.segmentId === 's-busy-article-1' && t.locale === 'ja')?.revision).toBe(40);
  });

  it('when different articles are updated at once, then every one is stored', async () => {
    const slugs = Array.from({ length: 12 }, (_, i) => `parallel-${i}`);
    await Promise.all(slugs.map((s) => store.update(slug(s), () => makeRecord(s))));
    const got = await Promise.all(slugs.map((s) => store.get(slug(s))));
    expect(got.map((r) => r?.article.slug)).toEqual(slugs);
  });

  it('when articles are stored, then list returns their summaries newest first without segments', async () => {
    await store.update(slug('older'), () => makeRecord('older', { title: '오래된 기사', at: '2026-01-01T00:00:00.000Z', segments: 4 }));
    await store.update(slug('newer'), () => makeRecord('newer', { title: '새 기사', at: '2026-02-01T00:00:00.000Z', segments: 7 }));
    const rows = await store.list();
    expect(rows.map((r) => [r.slug, r.title, r.segmentCount])).toEqual([
      ['newer', '새 기사', 7],
      ['older', '오래된 기사', 4],
    ]);
    expect(rows[0]).toMatchObject({ sourceLocale: 'ko', sourceRevision: 1, date: '2026-02-01', updatedAt: '2026-02-01T00:00:00.000Z' });
    expect(rows[0]).not.toHaveProperty('segments');
  });

  it('when an update changes the title, then list shows the new title', async () => {
    await store.update(slug('retitled'), () => makeRecord('retitled', { title: '처음 제목' }));
    await store.update(slug('retitled'), (current) => ({
      ...current!,
      article: { ...current!.article, frontMatter: { ...current!.article.frontMatter, title: '고친 제목' } },
    }));
    expect((await store.list()).map((r) => r.title)).toEqual(['고친 제목']);
  });

  it('when close is called while updates are pending, then they complete before close resolves', async () => {
    const pending = Array.from({ length: 5 }, (_, i) => store.update(slug(`late-${i}`), () => makeRecord(`late-${i}`)));
    await store.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(5);
    if (row.persistent) {
      store = (await backend.reopen()).articles;
      expect((await store.list()).map((r) => r.slug).sort()).toEqual(['late-0', 'late-1', 'late-2', 'late-3', 'late-4']);
    }
  });

  if (row.persistent) {
    it('when the store is reopened, then articles and listing survive', async () => {
      const record = withTranslation(makeRecord('survivor'), 's-survivor-2', 'zh-Hans', { state: 'submitted', text: '价格上涨。' });
      await store.update(slug('survivor'), () => record);
      store = (await backend.reopen()).articles;
      expect(await store.get(slug('survivor'))).toEqual(record);
      expect((await store.list()).map((r) => r.slug)).toEqual(['survivor']);
    });
  }
});
