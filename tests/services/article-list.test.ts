import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { articleList } from '../../src/services/article-list.ts';
import { applyOp } from '../fixtures/storage/record-ops.ts';
import { testDeps } from './support.ts';

/** Five articles imported one after the other (alpha first): titles, desks and tags differ; `bravo-*` has its first segment approved in en. */
async function archive() {
  const deps = testDeps({ targetLocales: ['en', 'ja'] });
  const specs = [
    ['alpha-one', '쌀값 다시 올라', '경제', ['rice']],
    ['bravo-two', '환율 급등', '경제', ['환율']],
    ['charlie-three', '선거 결과', '정치', ['선거', 'rice']],
    ['delta-four', 'Rice harvest', null, []],
    ['echo-five', '평양 소식', '정치', []],
  ] as const;
  for (const [i, [slug, title, desk, tags]] of specs.entries()) {
    const base = applyOp(null, { kind: 'import', slug: 0, segments: 3, desk, tags: [...tags] }, i + 1)!;
    const record = { ...base, article: { ...base.article, slug: parseSlug(slug), frontMatter: { ...base.article.frontMatter, title } } };
    await deps.store.update(parseSlug(slug), () => record);
  }
  await deps.store.update(parseSlug('bravo-two'), (r) =>
    applyOp(
      r,
      {
        kind: 'translate',
        slug: 0,
        segment: 0,
        locale: 'en',
        state: 'approved',
        text: 'x',
        by: 'rita',
        machineDraft: 'y',
        checks: [],
        decided: false,
      },
      9,
    ),
  );
  return deps;
}

const slugs = (page: { rows: readonly { slug: string }[] }) => page.rows.map((r) => r.slug);

describe('articles list', () => {
  it.each([
    [{}, ['echo-five', 'delta-four', 'charlie-three', 'bravo-two', 'alpha-one']],
    [{ sort: 'updated', dir: 'asc' }, ['alpha-one', 'bravo-two', 'charlie-three', 'delta-four', 'echo-five']],
    [{ sort: 'progress', dir: 'desc' }, ['bravo-two', 'alpha-one', 'charlie-three', 'delta-four', 'echo-five']],
    [{ desk: '경제' }, ['bravo-two', 'alpha-one']],
    [{ tag: 'RICE' }, ['charlie-three', 'alpha-one']],
    [{ q: 'rice' }, ['delta-four']],
    [{ q: '환율' }, ['bravo-two']],
    [{ state: 'approved' }, ['bravo-two']],
    [{ state: 'approved', locale: 'ja' }, []],
    [{ state: 'untranslated', locale: 'en', desk: '정치' }, ['echo-five', 'charlie-three']],
  ] as const)('when the query is %j, then the rows are %j', async (query, expected) => {
    expect(slugs(await articleList(await archive(), query))).toEqual(expected);
  });

  it('when sorted by title, then titles follow the collation of the source language', async () => {
    const page = await articleList(await archive(), { sort: 'title' });
    const titles = page.rows.map((r) => r.title);
    expect(titles).toEqual([...titles].sort(new Intl.Collator('ko').compare));
  });

  it('when there are more articles than a page, then pages split them and a page past the end shows the last', async () => {
    const deps = await archive();
    const first = await articleList(deps, { pageSize: 2 });
    const third = await articleList(deps, { pageSize: 2, page: 3 });
    expect([first.total, first.pages, first.rows.length, third.rows.length]).toEqual([5, 3, 2, 1]);
    expect((await articleList(deps, { pageSize: 2, page: 99 })).page).toBe(3);
    expect(first.desks).toEqual(['경제', '정치']);
    expect(first.effort.en).toMatchObject({ count: 1 });
  });

  it.each([
    ['a retitle', { kind: 'retitle', slug: 0, title: '환율 하락', draft: false }],
    ['a re-import without desk or tags', { kind: 'import', slug: 0, segments: 2, desk: null, tags: [] }],
    [
      'an approval',
      {
        kind: 'translate',
        slug: 0,
        segment: 1,
        locale: 'ja',
        state: 'approved',
        text: 'z',
        by: 'tina',
        machineDraft: 'w',
        checks: [],
        decided: false,
      },
    ],
  ] as const)('when %s follows a read, then every order, filter and figure is as if read for the first time', async (_, op) => {
    const queries = [{}, { sort: 'title' }, { sort: 'progress', locale: 'ja' }, { q: '환율' }, { desk: '정치' }, { tag: 'rice' }] as const;
    const warm = await archive();
    for (const q of queries) await articleList(warm, q);
    await warm.store.update(parseSlug('charlie-three'), (r) => {
      const next = applyOp(r, op, 20)!;
      return { ...next, article: { ...next.article, slug: r!.article.slug } };
    });
    const cold = testDeps({ targetLocales: ['en', 'ja'] });
    for (const { slug } of await warm.store.list()) {
      const record = (await warm.store.get(slug))!;
      await cold.store.update(slug, () => record);
    }
    for (const q of queries) expect(await articleList(warm, q)).toEqual(await articleList(cold, q));
  });

  it('when the locale is not a target locale, then the list refuses it', async () => {
    await expect(articleList(await archive(), { locale: 'fr' })).rejects.toBeInstanceOf(ValidationError);
  });
});
