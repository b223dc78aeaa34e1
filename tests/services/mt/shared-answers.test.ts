import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbMtStore } from '../../../src/adapters/storage/lowdb/mt-store.ts';
import { parseSlug } from '../../../src/core/slug.ts';
import { addConfidentialTerm } from '../../../src/services/confidential.ts';
import { importGlossary } from '../../../src/services/glossary.ts';
import { article, type Rig, startRig } from '../../fake-deepl/setup.ts';

// The answers every worker shares (MtAnswerStore) on the embedded store: what invalidates them and what they hold.
describe('shared machine answers', () => {
  let rig: Rig | null = null;
  let dir = '';
  afterEach(async () => {
    await rig?.close();
    rig = null;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const open = async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-answers-'));
    rig = await startRig({ mt: await LowdbMtStore.open(dir) });
    return rig;
  };
  const draft = async (r: Rig, slug: string) => {
    const record = (await r.store.get(parseSlug(slug)))!;
    const body = record.segments.find((s) => s.kind !== 'title')!;
    return record.translations.find((t) => t.segmentId === body.id && t.locale === 'en')?.text;
  };
  const translate = async (r: Rig, slug: string) => {
    await r.service.enqueue({ locales: ['en'], by: 'editor', slugs: [slug] });
    await r.service.drain();
  };

  it('when the glossary changes, then a text answered with the old entries is sent again and gets the new ones', async () => {
    const r = await open();
    await importGlossary({ settings: r.mt.settings }, { from: 'ko', to: 'en', entries: { 장마당: 'jangmadang' } });
    await r.import('a1', article('첫째', ['장마당 소식.']));
    await translate(r, 'a1');
    await r.import('a2', article('둘째', ['장마당 소식.']));
    await translate(r, 'a2');
    expect(r.fake.textsReceived.filter((t) => t === '장마당 소식.')).toHaveLength(1);

    await importGlossary({ settings: r.mt.settings }, { from: 'ko', to: 'en', entries: { 장마당: 'the market' } });
    await r.import('a3', article('셋째', ['장마당 소식.']));
    await translate(r, 'a3');
    expect(r.fake.textsReceived.filter((t) => t === '장마당 소식.')).toHaveLength(2);
    expect(await draft(r, 'a2')).toBe('⟪EN-US⟫ jangmadang 소식.');
    expect(await draft(r, 'a3')).toBe('⟪EN-US⟫ the market 소식.');
  });

  it('when a text holds a confidential name, then the stored answer holds the placeholder, and the name is restored in each draft', async () => {
    const r = await open();
    await addConfidentialTerm({ settings: r.mt.settings }, { term: '김철민', render: 'a source', by: 'editor' });
    await r.import('a1', article('첫째', ['김철민씨가 증언했다.']));
    await translate(r, 'a1');
    await r.import('a2', article('둘째', ['김철민씨가 증언했다.']));
    await translate(r, 'a2');
    expect(r.fake.translateRequests.filter((q) => q.params.text?.some((t) => t.includes('증언했다')))).toHaveLength(1);
    const stored = (await readFile(join(dir, 'mt', 'answers.jsonl'), 'utf8')).normalize('NFC');
    expect(stored).toContain('증언했다');
    expect(stored).not.toContain('김철민');
    expect(await draft(r, 'a2')).toContain('a source씨가');
  });
});
