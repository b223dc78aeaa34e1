import { afterEach, describe, expect, it } from 'vitest';
import { MtBudgetError, ValidationError } from '../../../src/core/errors.ts';
import { parseSlug } from '../../../src/core/slug.ts';
import { addConfidentialTerm } from '../../../src/services/confidential.ts';
import { importGlossary } from '../../../src/services/glossary.ts';
import { usageReport } from '../../../src/services/usage.ts';
import { FakeDeepl } from '../../fake-deepl/server.ts';
import { article, startRig, type Rig } from '../../fake-deepl/setup.ts';

let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

const HOUR = 3_600_000;
const START = Date.parse('2026-03-01T09:00:00.000Z');
const SOURCE = '평양 장마당에서 쌀값이 올랐다.'; // 17 code points
const OTHER = '주민들은 불안해했다.'; // 11 code points
let now = START;

async function rigAt(service: NonNullable<Parameters<typeof startRig>[0]>['service'] = {}) {
  now = START;
  rig = await startRig({ service: { now: () => new Date(now), ...service } });
  await rig.import('a1', article('쌀값', [SOURCE, OTHER]));
  return rig;
}

async function segmentId(source: string): Promise<string> {
  return (await rig.store.get(parseSlug('a1')))!.segments.find((s) => s.source === source)!.id;
}

const rerun = async (source: string, by = 'tina') =>
  rig.service.retranslate({ slug: 'a1', segmentId: await segmentId(source), locale: 'en', by });

async function billed(): Promise<number> {
  return (await usageReport({ ledger: rig.mt.ledger })).total.characters;
}

describe('re-running an unchanged segment', () => {
  it('when it is re-run within 24 hours with the same settings, then the earlier draft comes back, DeepL gets no request and usage does not grow', async () => {
    await rigAt();
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    const requests = rig.fake.translateRequests.length;
    const usage = await billed();

    const result = await rerun(SOURCE);

    expect(result).toEqual({ job: null, queued: false, reason: 'reused', reusedAt: new Date(START).toISOString() });
    expect(rig.fake.translateRequests).toHaveLength(requests);
    expect(await billed()).toBe(usage);
    expect(await rig.mt.queue.items()).toEqual([]);
    expect((await rig.service.rerunBudget()).spent).toEqual([]);
    const record = (await rig.store.get(parseSlug('a1')))!;
    const t = record.translations.find((x) => x.segmentId === record.segments.find((s) => s.source === SOURCE)!.id && x.locale === 'en');
    expect(t).toMatchObject({ state: 'draft', origin: 'machine', text: FakeDeepl.translation(SOURCE, 'EN-US') });
  });

  it('when a re-run was itself answered, then the next re-run of it reuses that answer', async () => {
    await rigAt();
    expect((await rerun(SOURCE)).queued).toBe(true);
    await rig.service.drain();
    expect(await rerun(SOURCE)).toMatchObject({ reason: 'reused' });
    expect(rig.fake.textsReceived).toEqual([SOURCE]);
  });

  it.each([
    ['25 hours later', async () => void (now = START + 25 * HOUR)],
    [
      'after the glossary changed',
      async () => void (await importGlossary({ settings: rig.mt.settings }, { from: 'ko', to: 'en', entries: { 장마당: 'jangmadang' } })),
    ],
    [
      'after a confidential term appeared in it',
      async () => void (await addConfidentialTerm({ settings: rig.mt.settings }, { term: '평양', by: 'editor' })),
    ],
    ['after its neighbour changed', async () => void (await rig.import('a1', article('쌀값', [SOURCE, '주민들은 크게 불안해했다.'])))],
  ])('when it is re-run %s, then DeepL is asked again', async (_when, change) => {
    await rigAt();
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    const sent = rig.fake.textsReceived.filter((t) => t.includes('쌀값')).length;
    await change();

    expect(await rerun(SOURCE)).toMatchObject({ queued: true, reason: null });
    await rig.service.drain();
    expect(rig.fake.textsReceived.filter((t) => t.includes('쌀값')).length).toBe(sent + 1);
  });
});

describe('the daily re-run budget', () => {
  it('when a person re-runs past their budget, then the re-run is refused with the figures and nothing is queued; others and the next day are not affected', async () => {
    await rigAt({ rerunBudget: 20 });
    expect((await rerun(SOURCE)).queued).toBe(true);
    const refused = await rerun(OTHER).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MtBudgetError);
    expect(refused).toMatchObject({ code: 'mt-budget', limit: 20, spent: 17, cost: 11 });
    expect((refused as Error).message).toMatch(/tina has re-run 17 of 20 characters today/);
    expect((await rig.mt.queue.items()).map((i) => i.segmentId)).toEqual([await segmentId(SOURCE)]);

    expect((await rerun(OTHER, 'tom')).queued).toBe(true);
    expect(await rig.service.rerunBudget()).toMatchObject({
      charactersPerDay: 20,
      setBy: null,
      day: '2026-03-01',
      spent: [
        { user: 'tina', characters: 17 },
        { user: 'tom', characters: 11 },
      ],
    });

    now = START + 24 * HOUR;
    await rig.service.drain();
    expect(await rig.service.rerunBudget()).toMatchObject({ day: '2026-03-02', spent: [] });
  });

  it('when an editor raises the budget, then the refused re-run goes through and the budget says who raised it', async () => {
    await rigAt({ rerunBudget: 20 });
    await rerun(SOURCE);
    await expect(rerun(OTHER)).rejects.toThrow(MtBudgetError);
    await rig.service.setRerunBudget(5000, 'edna');
    expect((await rerun(OTHER)).queued).toBe(true);
    expect(await rig.service.rerunBudget()).toMatchObject({ charactersPerDay: 5000, setBy: 'edna', setAt: new Date(START).toISOString() });
    await expect(rig.service.setRerunBudget(-1, 'edna')).rejects.toThrow(ValidationError);
    await expect(rig.service.setRerunBudget(1.5, 'edna')).rejects.toThrow(ValidationError);
  });

  it('when the same re-run is already waiting, then the second ask is not charged', async () => {
    await rigAt({ rerunBudget: 40 });
    await rerun(SOURCE);
    expect(await rerun(SOURCE)).toMatchObject({ reason: 'already-queued' });
    expect((await rig.service.rerunBudget()).spent).toEqual([{ user: 'tina', characters: 17 }]);
    // Also when the budget has no room for it any more.
    await rerun(OTHER);
    expect(await rerun(SOURCE)).toMatchObject({ reason: 'already-queued' });
    expect((await rig.service.rerunBudget()).spent).toEqual([{ user: 'tina', characters: 28 }]);
  });
});
