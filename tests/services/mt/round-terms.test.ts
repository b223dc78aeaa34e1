import { describe, expect, it } from 'vitest';
import { InMemoryMtStore } from '../../../src/adapters/storage/in-memory/mt-store.ts';
import { parseSlug } from '../../../src/core/slug.ts';
import type { ArticleRecord } from '../../../src/core/model.ts';
import { addConfidentialTerm } from '../../../src/services/confidential.ts';
import { roundTerms } from '../../../src/services/mt/masking.ts';
import { MtRuntime } from '../../../src/services/mt/runtime.ts';
import type { MtServiceDeps } from '../../../src/services/mt/types.ts';

// The terms an MT round masks with: read once per round, and again by the next round.

const recordOf = (slug: string) => ({ article: { slug: parseSlug(slug), frontMatter: {} } }) as unknown as ArticleRecord;

function runtime() {
  const mt = new InMemoryMtStore();
  const reads: (string | null)[] = [];
  const confidentialTerms = mt.settings.confidentialTerms.bind(mt.settings);
  mt.settings.confidentialTerms = async (slug) => {
    reads.push(slug);
    return confidentialTerms(slug);
  };
  return { mt, reads, rt: new MtRuntime({ mt } as unknown as MtServiceDeps) };
}

describe('confidential terms of an MT round', () => {
  it('reads the global list once for all the round’s articles, each article’s list once', async () => {
    const { mt, reads, rt } = runtime();
    await addConfidentialTerm({ settings: mt.settings }, { term: '김철민', by: 'editor' });
    await addConfidentialTerm({ settings: mt.settings }, { term: '박영호', by: 'editor', slug: 'a-2' });
    reads.length = 0;
    const termsOf = roundTerms(rt);
    const [one, two, again] = await Promise.all([termsOf(recordOf('a-1')), termsOf(recordOf('a-2')), termsOf(recordOf('a-1'))]);
    expect(one.map((t) => t.term)).toEqual(['김철민']);
    expect(two.map((t) => t.term).sort()).toEqual(['김철민', '박영호']);
    expect(again).toBe(one);
    expect(reads.filter((s) => s === null)).toHaveLength(1);
    expect(reads.filter((s) => s !== null).sort()).toEqual(['a-1', 'a-2']);
    // Kept for masking the context the provider is sent.
    expect([...rt.termsCache.keys()].sort()).toEqual(['a-1', 'a-2']);
  });

  it('when a name is added during a drain, then the next round masks it for an article an earlier round read', async () => {
    const { mt, rt } = runtime();
    const first = await roundTerms(rt)(recordOf('a-1'));
    expect(first).toEqual([]);
    await addConfidentialTerm({ settings: mt.settings }, { term: '김철민', by: 'editor', slug: 'a-1' });
    expect((await roundTerms(rt)(recordOf('a-1'))).map((t) => t.term)).toEqual(['김철민']);
    expect(rt.termsCache.get('a-1')?.map((t) => t.term)).toEqual(['김철민']);
  });
});
