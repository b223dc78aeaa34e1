import { afterEach, describe, expect, it } from 'vitest';
import { decodeInput, formatForFile } from '../../../src/adapters/formats/index.ts';
import { NoneProvider } from '../../../src/adapters/mt/none.ts';
import { InMemoryArticleStore } from '../../../src/adapters/storage/in-memory/article-store.ts';
import { InMemoryMtStore } from '../../../src/adapters/storage/in-memory/mt-store.ts';
import { InMemoryTranslationMemoryStore } from '../../../src/adapters/storage/in-memory/translation-memory-store.ts';
import { CHECKS } from '../../../src/checks/index.ts';
import { parseSlug } from '../../../src/core/slug.ts';
import { sourceHash } from '../../../src/core/text.ts';
import { CheckService } from '../../../src/services/checks.ts';
import { importArticle } from '../../../src/services/import-article.ts';
import { MemoryService } from '../../../src/services/memory.ts';
import { ReviewService } from '../../../src/services/review.ts';
import { AUTO_APPROVE_NOTE, createMtService } from '../../../src/services/mt/index.ts';
import type { ServiceDeps } from '../../../src/services/types.ts';
import { article, startRig, type Rig } from '../../fake-deepl/setup.ts';

const TITLE = '장마당 소식';
const REPEATED = '주민들은 불안해했다.';
const OTHER = '탈북민 단체는 국경 경비가 강화됐다고 전했다.';
const HUMAN_EN = 'Residents were uneasy.';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/**
 * The fake-DeepL rig with the real translation memory (fed by approvals) and quality checks (run on every text), wired
 * as main.ts wires it (exact matches asked one by one or a round at once); `asked` counts the calls of each.
 */
async function memoryRig(
  autoApproveSameArticle?: boolean,
): Promise<{ rig: Rig; memory: MemoryService; asked: { one: number; many: number } }> {
  const store = new InMemoryArticleStore();
  const mt = new InMemoryMtStore();
  const memory = new MemoryService({ store: new InMemoryTranslationMemoryStore() });
  const checks = new CheckService({ store, checks: CHECKS, settings: mt.settings });
  const asked = { one: 0, many: 0 };
  rig = await startRig({
    store,
    mt,
    hooks: { onApproved: memory.onApproved, checker: checks },
    service: {
      findExactMatch: (hash, locale, slug) => {
        asked.one++;
        return memory.findExactMatch(hash, locale, slug, 'ko');
      },
      findExactMatches: (keys) => {
        asked.many++;
        return memory.findExactMatches(keys, 'ko');
      },
      ...(autoApproveSameArticle === undefined ? {} : { autoApproveSameArticle }),
    },
  });
  return { rig, memory, asked };
}

/** Rows of one article in reading order, with each row's history in `locale`. */
async function rows(r: Rig, slug: string, locale = 'en') {
  const record = (await r.store.get(parseSlug(slug)))!;
  return record.segments
    .filter((s) => !s.removedAt)
    .sort((a, b) => a.order - b.order)
    .map((segment) => ({
      segment,
      t: record.translations.find((t) => t.segmentId === segment.id && t.locale === locale)!,
      history: record.history.filter((h) => h.segmentId === segment.id && h.locale === locale),
    }));
}

/** A translator writes and submits `text` for the segment with `source`, a second person approves it. */
async function approveByPeople(r: Rig, slug: string, source: string, text: string, overrideReason?: string): Promise<void> {
  const row = (await rows(r, slug)).find((x) => x.segment.source === source)!;
  await r.review.submit({ slug, segmentId: row.segment.id, locale: 'en', text, baseRevision: row.t.revision, actor: { name: 'tina' } });
  await r.review.approve({
    slug,
    segmentId: row.segment.id,
    locale: 'en',
    actor: { name: 'rob' },
    ...(overrideReason ? { overrideReason } : {}),
  });
}

/** Import, queue English for the article and drain: new segments get their draft from memory or DeepL. */
async function importAndTranslate(r: Rig, slug: string, paragraphs: readonly string[]): Promise<void> {
  await r.import(slug, article(TITLE, paragraphs));
  await r.service.enqueue({ slugs: [slug], locales: ['en'], by: 'editor' });
  await r.service.drain();
}

describe('auto-approval of same-article memory matches', () => {
  it('when the setting is left at its default, then a repeated paragraph gets a memory draft that waits for review', async () => {
    const { rig: r, asked } = await memoryRig();
    await importAndTranslate(r, 'a1', [REPEATED, OTHER]);
    await approveByPeople(r, 'a1', REPEATED, HUMAN_EN);
    const before = { ...asked };
    await importAndTranslate(r, 'a1', [REPEATED, OTHER, REPEATED]);
    // The drain's one round asked memory once for all its items, never one by one.
    expect({ one: asked.one - before.one, many: asked.many - before.many }).toEqual({ one: 0, many: 1 });
    const repeated = (await rows(r, 'a1'))[3]!;
    expect(repeated.segment.source).toBe(REPEATED);
    expect(repeated.t).toMatchObject({ state: 'draft', origin: 'memory', text: HUMAN_EN, textBy: 'memory' });
    expect(repeated.history.map((h) => h.action)).toEqual(['memoryDraft']);
  });

  it('when it is on and a paragraph repeats one approved in the same article, then its memory draft is approved by memory with a note', async () => {
    const { rig: r, memory } = await memoryRig(true);
    await importAndTranslate(r, 'a1', [REPEATED, OTHER]);
    await approveByPeople(r, 'a1', REPEATED, HUMAN_EN);
    const sent = r.fake.textsReceived.length;
    await importAndTranslate(r, 'a1', [REPEATED, OTHER, REPEATED]);
    expect(r.fake.textsReceived.slice(sent)).not.toContain(REPEATED);
    const repeated = (await rows(r, 'a1'))[3]!;
    expect(repeated.t).toMatchObject({
      state: 'approved',
      origin: 'memory',
      text: HUMAN_EN,
      approvedText: HUMAN_EN,
      approvedSource: REPEATED,
    });
    expect(repeated.t.checks?.filter((c) => c.severity === 'error') ?? []).toEqual([]);
    expect(repeated.history.map((h) => [h.action, h.by, h.to])).toEqual([
      ['memoryDraft', 'memory', 'draft'],
      ['submit', 'memory', 'submitted'],
      ['approve', 'memory', 'approved'],
    ]);
    expect(repeated.history[2]!.comment).toBe(AUTO_APPROVE_NOTE);
    expect(AUTO_APPROVE_NOTE).toMatch(/auto-approved.*100%.*same article/);
    // The approval feeds the memory like any other, naming who approved it.
    expect((await memory.entries('en')).find((e) => e.segmentId === repeated.segment.id)).toMatchObject({
      slug: 'a1',
      approvedBy: 'memory',
      target: HUMAN_EN,
    });
  });

  it('when it is on and the only exact match was approved in another article, then the memory draft stays a draft', async () => {
    const { rig: r } = await memoryRig(true);
    await importAndTranslate(r, 'a1', [REPEATED, OTHER]);
    await approveByPeople(r, 'a1', REPEATED, HUMAN_EN);
    await importAndTranslate(r, 'a2', ['다른 기사의 첫 문단이다.', REPEATED]);
    const repeated = (await rows(r, 'a2'))[2]!;
    expect(repeated.segment.source).toBe(REPEATED);
    expect(repeated.t).toMatchObject({ state: 'draft', origin: 'memory', text: HUMAN_EN });
    expect(repeated.history.map((h) => h.action)).toEqual(['memoryDraft']);
  });

  it("when it is on and a restored paragraph holds a person's newer text, then that text stays and the match is only a suggestion", async () => {
    const { rig: r } = await memoryRig(true);
    const edited = '주민들은 크게 불안해했다.';
    await importAndTranslate(r, 'a1', [REPEATED, OTHER]);
    await approveByPeople(r, 'a1', REPEATED, HUMAN_EN);
    // The desk edits the paragraph, a translator redoes it, then the desk restores the original wording.
    await r.import('a1', article(TITLE, [edited, OTHER]));
    const stale = (await rows(r, 'a1'))[1]!;
    expect(stale.t.state).toBe('stale');
    const saved = await r.review.saveTranslation({
      slug: 'a1',
      segmentId: stale.segment.id,
      locale: 'en',
      text: 'Residents were deeply uneasy.',
      baseRevision: stale.t.revision,
      actor: { name: 'tina' },
    });
    await importAndTranslate(r, 'a1', [REPEATED, OTHER]);

    const restored = (await rows(r, 'a1'))[1]!;
    expect(restored.segment.id).toBe(stale.segment.id);
    expect(restored.segment.source).toBe(REPEATED);
    expect(restored.t).toMatchObject({
      state: 'stale',
      origin: 'human',
      text: 'Residents were deeply uneasy.',
      revision: saved.revision + 1,
    });
    expect(restored.t.suggestion).toMatchObject({ origin: 'memory', text: HUMAN_EN });
    expect(restored.history.map((h) => h.action).slice(-2)).toEqual(['markStale', 'suggest']);
  });

  it('when it is on and the same-article match fails an error-level check, then it stays a draft for a person to judge', async () => {
    const { rig: r } = await memoryRig(true);
    const rice = '쌀값이 20% 올랐다.';
    // A reviewer approved a number mismatch with a reason; that judgement is not repeated unseen.
    await importAndTranslate(r, 'a1', [rice, OTHER]);
    await approveByPeople(r, 'a1', rice, 'Rice prices rose 30%.', 'the desk confirmed 30% with the reporter');
    await importAndTranslate(r, 'a1', [rice, OTHER, rice]);
    const repeated = (await rows(r, 'a1'))[3]!;
    expect(repeated.segment.source).toBe(rice);
    expect(repeated.t).toMatchObject({ state: 'draft', origin: 'memory', text: 'Rice prices rose 30%.' });
    expect(repeated.t.checks).toContainEqual(expect.objectContaining({ checkId: 'numbers', severity: 'error' }));
    expect(repeated.history.map((h) => h.action)).toEqual(['memoryDraft']);
  });

  it('when machine translation is off and an import repeats an approved paragraph of the article, then it is approved on import', async () => {
    const store = new InMemoryArticleStore();
    const mt = new InMemoryMtStore();
    const memory = new MemoryService({ store: new InMemoryTranslationMemoryStore() });
    const checks = new CheckService({ store, checks: CHECKS, settings: mt.settings });
    let service: ReturnType<typeof createMtService> | null = null;
    const deps: ServiceDeps = {
      store,
      formats: { forFile: formatForFile, decode: (content, file) => decodeInput(content, file) },
      sourceLocale: 'ko',
      targetLocales: ['en'],
      afterImport: (result, record) => service!.afterImport(result, record),
      onApproved: memory.onApproved,
      checker: checks,
    };
    const review = new ReviewService(deps);
    service = createMtService({
      store,
      mt,
      provider: new NoneProvider(),
      drafts: review,
      sourceLocale: 'ko',
      targetLocales: ['en'],
      findExactMatch: (hash, locale, slug) => memory.findExactMatch(hash, locale, slug, 'ko'),
      autoApproveSameArticle: true,
    });
    const load = (paragraphs: readonly string[]) =>
      importArticle(deps, { file: 'a1.md', content: article(TITLE, paragraphs), slug: 'a1', by: 'editor' });
    try {
      await load([REPEATED]);
      const first = (await store.get(parseSlug('a1')))!.segments.find((s) => s.source === REPEATED)!;
      await review.submit({ slug: 'a1', segmentId: first.id, locale: 'en', text: HUMAN_EN, baseRevision: 0, actor: { name: 'tina' } });
      await review.approve({ slug: 'a1', segmentId: first.id, locale: 'en', actor: { name: 'rob' } });
      await load([REPEATED, REPEATED]);
      const record = (await store.get(parseSlug('a1')))!;
      const second = record.segments.find((s) => s.source === REPEATED && s.id !== first.id)!;
      expect(record.translations.find((t) => t.segmentId === second.id && t.locale === 'en')).toMatchObject({
        state: 'approved',
        origin: 'memory',
        text: HUMAN_EN,
      });
    } finally {
      await mt.close();
      await store.close();
    }
  });

  it('when a person saved over the memory draft before the approval step, then the review service leaves their text alone', async () => {
    const { rig: r } = await memoryRig(false);
    await importAndTranslate(r, 'a1', [REPEATED, OTHER]);
    await approveByPeople(r, 'a1', REPEATED, HUMAN_EN);
    await importAndTranslate(r, 'a1', [REPEATED, OTHER, REPEATED]);
    const draft = (await rows(r, 'a1'))[3]!;
    await r.review.saveTranslation({
      slug: 'a1',
      segmentId: draft.segment.id,
      locale: 'en',
      text: 'Residents were worried.',
      baseRevision: draft.t.revision,
      actor: { name: 'tina' },
    });
    const result = await r.review.approveMemoryDraft({
      slug: 'a1',
      segmentId: draft.segment.id,
      locale: 'en',
      text: HUMAN_EN,
      revision: draft.t.revision,
      note: AUTO_APPROVE_NOTE,
    });
    expect(result.outcome).toBe('changed');
    expect(result.translation).toMatchObject({ state: 'draft', origin: 'human', text: 'Residents were worried.' });
  });

  it('when the memory holds the source from several articles, then the exact match of the article being translated wins', async () => {
    const memory = new MemoryService({ store: new InMemoryTranslationMemoryStore() });
    const pair = { sourceLocale: 'ko', targetLocale: 'en', source: REPEATED, approvedBy: 'rob' };
    await memory.recordApproval({ ...pair, slug: 'a1', segmentId: 's-1', target: 'Residents were uneasy.' });
    await memory.recordApproval({ ...pair, slug: 'a2', segmentId: 's-9', target: 'The residents felt uneasy.' });
    const hash = sourceHash(REPEATED);
    expect(await memory.findExactMatch(hash, 'en', 'a1')).toEqual({ target: 'Residents were uneasy.', slug: 'a1' });
    expect(await memory.findExactMatch(hash, 'en', 'a3')).toEqual({ target: 'The residents felt uneasy.', slug: 'a2' });
    expect(await memory.findExactMatch(sourceHash(OTHER), 'en', 'a1')).toBeNull();
  });

  it('when the setting is on but the draft sink cannot approve, then building the service fails saying what to pass', async () => {
    const store = new InMemoryArticleStore();
    const mt = new InMemoryMtStore();
    const sink = { applyMachineDraft: async () => ({ outcome: 'applied' }), applyMemoryDraft: async () => ({ outcome: 'applied' }) };
    expect(() => createMtService({ store, mt, provider: new NoneProvider(), drafts: sink, autoApproveSameArticle: true })).toThrow(
      /approveMemoryDraft.*ReviewService/,
    );
    await mt.close();
    await store.close();
  });
});
