import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryArticleStore } from '../../../src/adapters/storage/in-memory/article-store.ts';
import { InMemoryMtStore } from '../../../src/adapters/storage/in-memory/mt-store.ts';
import { CHECKS } from '../../../src/checks/index.ts';
import { parseSlug } from '../../../src/core/slug.ts';
import { CheckService } from '../../../src/services/checks.ts';
import { addConfidentialTerm } from '../../../src/services/confidential.ts';
import { article, startRig, type Rig } from '../../fake-deepl/setup.ts';

let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

/** An MT rig whose text changes run the check registry, as main.ts wires it. */
async function rigWithChecks(): Promise<Rig> {
  const store = new InMemoryArticleStore();
  const mt = new InMemoryMtStore();
  const checks = new CheckService({ store, checks: CHECKS, settings: mt.settings });
  return startRig({ store, mt, hooks: { checker: checks } });
}

async function paragraphDraft(slug: string) {
  const record = await rig.store.get(parseSlug(slug));
  const segment = record!.segments.find((s) => s.kind === 'paragraph')!;
  return { segment, t: record!.translations.find((t) => t.segmentId === segment.id && t.locale === 'en')! };
}

describe('machine drafts are checked by the check registry', () => {
  it('when DeepL drops inline tags, then the inline-tags check flags the draft as an error', async () => {
    rig = await rigWithChecks();
    await rig.import('a1', article('태그', ['**굵은** 글씨와 [링크](https://example.com)가 있다.']));
    const { segment } = await paragraphDraft('a1');
    rig.fake.failNext('drop-tags');
    await rig.service.enqueue({ locales: ['en'], by: 'e', slugs: ['a1'], segmentIds: [segment.id] });
    await rig.service.drain();
    const { t } = await paragraphDraft('a1');
    expect(t.origin).toBe('machine');
    expect(t.checks?.find((c) => c.checkId === 'inline-tags')).toMatchObject({
      severity: 'error',
      detail: { missing: ['<g1>', '</g1>', '<g2>', '</g2>'], extra: [] },
    });
    expect(t.checks?.every((c) => CHECKS.some((check) => check.id === c.checkId))).toBe(true);
  });

  it('when a masking placeholder does not come back, then it stays visible in the draft and inline-tags flags it', async () => {
    rig = await rigWithChecks();
    await addConfidentialTerm({ settings: rig.mt.settings }, { term: '김철민', render: 'a source', by: 'editor' });
    await rig.import('a1', article('증언', ['김철민씨가 증언했다.']));
    const { segment } = await paragraphDraft('a1');
    rig.fake.failNext('drop-tags');
    await rig.service.enqueue({ locales: ['en'], by: 'e', slugs: ['a1'], segmentIds: [segment.id] });
    await rig.service.drain();
    const { t } = await paragraphDraft('a1');
    expect(t.text).toMatch(/ <tdmc i="1"\/>$/);
    expect(t.text).not.toContain('김철민');
    expect(t.checks?.find((c) => c.checkId === 'inline-tags')).toMatchObject({
      severity: 'error',
      detail: { problem: 'unknown-markup', markup: '<tdmc i="1"/>' },
    });
  });

  it('when the draft comes back intact, then no check flags its tags or placeholders', async () => {
    rig = await rigWithChecks();
    await addConfidentialTerm({ settings: rig.mt.settings }, { term: '김철민', render: 'a source', by: 'editor' });
    await rig.import('a1', article('증언', ['**김철민**씨가 [증언](https://example.com)했다.']));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    const { t } = await paragraphDraft('a1');
    expect(t.text).toContain('a source');
    expect(t.text).not.toContain('tdmc');
    expect(t.checks?.some((c) => c.checkId === 'inline-tags') ?? false).toBe(false);
  });
});

describe('a round’s drafts are checked with reads shared across its articles', () => {
  it('when a round drafts several articles in three locales, then each pair’s glossary is read once for their checks', async () => {
    const store = new InMemoryArticleStore();
    const mt = new InMemoryMtStore();
    const reads = { glossary: 0 };
    const settings = {
      glossary: (...pair: Parameters<typeof mt.settings.glossary>) => {
        reads.glossary++;
        return mt.settings.glossary(...pair);
      },
      confidentialTerms: (slug: string | null) => mt.settings.confidentialTerms(slug),
    };
    const checks = new CheckService({ store, checks: CHECKS, settings });
    rig = await startRig({ store, mt, hooks: { checker: checks }, service: { sharingCheckReads: (work) => checks.sharingReads(work) } });
    await addConfidentialTerm({ settings: mt.settings }, { term: '김철민', by: 'editor' });
    for (const slug of ['s1', 's2', 's3', 's4']) await rig.import(slug, article('증언', [`김철민씨가 ${slug}에서 증언했다.`]));
    reads.glossary = 0;
    await rig.service.enqueue({ by: 'e' });
    const summary = await rig.service.drain();
    expect(summary.drafts).toBeGreaterThanOrEqual(4 * 3);
    expect(reads.glossary).toBe(3);
    for (const slug of ['s1', 's2', 's3', 's4']) {
      const { t } = await paragraphDraft(slug);
      expect(t.origin).toBe('machine');
      expect(t.checks).toBeDefined();
    }
  });
});
