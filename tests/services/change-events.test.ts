import { afterEach, describe, expect, it } from 'vitest';
import { InProcessChangeFeed } from '../../src/adapters/changes/index.ts';
import type { ChangeEvent } from '../../src/core/ports/change-feed.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { article, startRig, type Rig } from '../fake-deepl/setup.ts';

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

async function setup() {
  const changes = new InProcessChangeFeed();
  const events: ChangeEvent[] = [];
  const rig = await startRig({ hooks: { changes } });
  rigs.push(rig);
  await rig.import('a1', article('제목', ['서울 시장의 쌀값이 한 달 사이 두 배로 뛰었다.', '둘째 문단.']));
  changes.subscribe((e) => events.push(e));
  const record = (await rig.store.get(parseSlug('a1')))!;
  const [title, first] = [...record.segments].sort((a, b) => a.order - b.order).map((s) => s.id);
  return { rig, events, title: title!, first: first! };
}

const tina = { name: 'tina', role: 'translator' as const, locales: ['en'] };

describe('stored translation changes are announced', () => {
  it('when a translator saves and submits, then each stored change is announced with state, revision, text and who', async () => {
    const { rig, events, title } = await setup();
    await rig.review.saveTranslation({ slug: 'a1', segmentId: title, locale: 'en', text: 'Title', baseRevision: 0, actor: tina });
    await rig.review.submit({ slug: 'a1', segmentId: title, locale: 'en', baseRevision: 1, actor: tina });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'segment-changed',
        slug: 'a1',
        locale: 'en',
        segmentId: title,
        state: 'draft',
        revision: 1,
        text: 'Title',
        by: 'tina',
      }),
      expect.objectContaining({ type: 'segment-changed', segmentId: title, state: 'submitted', revision: 2, by: 'tina' }),
    ]);
  });

  it('when a write is refused, then nothing is announced', async () => {
    const { rig, events, title } = await setup();
    await expect(
      rig.review.saveTranslation({ slug: 'a1', segmentId: title, locale: 'en', text: 'Title', baseRevision: 7, actor: tina }),
    ).rejects.toThrow();
    expect(events).toEqual([]);
  });

  it('when a re-import changes a source, then its translations are announced as stale', async () => {
    const { rig, events, first } = await setup();
    await rig.review.saveTranslation({ slug: 'a1', segmentId: first, locale: 'en', text: 'First.', baseRevision: 0, actor: tina });
    events.length = 0;
    await rig.import('a1', article('제목', ['서울 시장의 쌀값이 한 달 사이 세 배로 뛰었다.', '둘째 문단.']));
    expect(events.filter((e) => e.type === 'segment-changed' && e.locale === 'en')).toEqual([
      expect.objectContaining({ segmentId: first, state: 'stale', text: 'First.' }),
    ]);
  });
});
