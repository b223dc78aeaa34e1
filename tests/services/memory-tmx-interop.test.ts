import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmxFormat } from '../../src/adapters/formats/tmx.ts';
import { InMemoryTranslationMemoryStore } from '../../src/adapters/storage/in-memory/translation-memory-store.ts';
import { sourceHash } from '../../src/core/text.ts';
import { MemoryService } from '../../src/services/memory.ts';

// Issue 15: a TMX unit is multilingual; the installation's source locale is the source, whatever the header says.
// Files from Translate Toolkit (po2tmx, run here), from Tandem itself and written by hand.

const run = promisify(execFile);
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-tmx-interop-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const PAIRS = [
  ['장마당에서 쌀값이 올랐다.', 'Rice prices rose at the market.'],
  ['평양에서 열병식이 열렸다.', 'A parade was held in Pyongyang.'],
  ['국경 경비가 강화됐다고 소식통이 전했다.', 'Border guards were reinforced, a source said.'],
] as const;

/** A Korean-to-English PO file, as a translator's tool keeps it: msgid Korean, msgstr English. */
function poFile(): string {
  const quote = (s: string) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  const units = PAIRS.map(([ko, en]) => `msgid ${quote(ko)}\nmsgstr ${quote(en)}\n`).join('\n');
  return `msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n${units}`;
}

/** The TMX Translate Toolkit's po2tmx writes for the PO file, with `args` (its language options). */
async function po2tmx(name: string, args: readonly string[]): Promise<string> {
  const po = join(dir, `${name}.po`);
  const tmx = join(dir, `${name}.tmx`);
  await writeFile(po, poFile());
  await run('po2tmx', [...args, '--progress=none', po, tmx]);
  return readFile(tmx, 'utf8');
}

const memory = (sourceLocale = 'ko') =>
  new MemoryService({ store: new InMemoryTranslationMemoryStore(), exchange: tmxFormat, sourceLocale });

describe('TMX from Translate Toolkit (po2tmx)', () => {
  it('when po2tmx writes srclang="en" on a Korean-to-English memory, then every pair is stored Korean → English and found exactly', async () => {
    const file = await po2tmx('ko-en', ['--source-language=ko', '--language=en']);
    expect(file).toContain('creationtool="Translate Toolkit"');
    expect(file).toContain('srclang="en"');
    const tm = memory();
    const summary = await tm.importFile(file, 'ko-en.tmx');
    expect(summary).toMatchObject({
      units: 3,
      sourceLocale: 'ko',
      added: 3,
      pairs: [{ sourceLocale: 'ko', targetLocale: 'en', added: 3, duplicates: 0, skipped: 0 }],
      withoutSource: 0,
    });
    for (const [ko, en] of PAIRS) {
      expect((await tm.findExact(ko, 'ko', 'en'))?.text).toBe(en);
      expect(await tm.findExactMatch(sourceHash(ko), 'en')).toEqual({ target: en, slug: null });
    }
    // Nothing stored backwards: no English source anywhere.
    expect((await tm.entries('ko', 'en')).length).toBe(0);
    expect((await tm.entries('en', 'ko')).map((e) => e.source)).toEqual(PAIRS.map(([ko]) => ko));
    expect((await tm.importFile(file, 'ko-en.tmx')).pairs).toEqual([
      { sourceLocale: 'ko', targetLocale: 'en', added: 0, duplicates: 3, skipped: 0 },
    ]);
  });

  it('when po2tmx is run without the source language (both variants marked en), then the units are skipped and counted', async () => {
    const file = await po2tmx('unmarked', ['--language=en']);
    const summary = await memory().importFile(file, 'unmarked.tmx');
    expect(summary).toMatchObject({ units: 3, added: 0, skipped: 3, withoutSource: 3, withoutSourceLocales: ['en'], pairs: [] });
  });
});

describe('TMX from Tandem', () => {
  it('when a memory is exported and imported into another installation, then every pair comes back with its article', async () => {
    const from = memory();
    for (const [i, [ko, en]] of PAIRS.entries()) {
      await from.recordApproval({
        slug: 'rice',
        segmentId: `s-${i}`,
        sourceLocale: 'ko',
        targetLocale: 'en',
        source: ko,
        target: en,
        approvedBy: 'rex',
      });
    }
    const to = memory();
    const summary = await to.importFile(await from.exportFile('en'), 'tandem.tmx');
    expect(summary.pairs).toEqual([{ sourceLocale: 'ko', targetLocale: 'en', added: 3, duplicates: 0, skipped: 0 }]);
    expect((await to.entries('en')).map((e) => [e.source, e.target, e.slug])).toEqual(PAIRS.map(([ko, en]) => [ko, en, 'rice']));
  });
});

describe('TMX written by hand', () => {
  it('when the header says srclang="*all*", then each unit takes its Korean variant as source and reports per language pair', async () => {
    const tm = memory();
    const file = await readFile(new URL('../fixtures/tmx/srclang-all.tmx', import.meta.url), 'utf8');
    const summary = await tm.importFile(file, 'srclang-all.tmx');
    expect(summary).toEqual({
      units: 3,
      sourceLocale: 'ko',
      added: 3,
      duplicates: 0,
      skipped: 2,
      locales: ['en', 'ja'],
      pairs: [
        { sourceLocale: 'ko', targetLocale: 'en', added: 2, duplicates: 0, skipped: 0 },
        { sourceLocale: 'ko', targetLocale: 'ja', added: 1, duplicates: 0, skipped: 1 },
      ],
      withoutSource: 1,
      withoutSourceLocales: ['en', 'ja'],
    });
    expect((await tm.findExact('국경이 봉쇄됐다.', 'ko', 'ja'))?.text).toBe('国境が封鎖された。');
    expect((await tm.findExact('밀수가 늘었다.', 'ko', 'en'))?.text).toBe('Smuggling increased.');
  });

  it('when the installation translates from English, then the same file is read with English as the source', async () => {
    const tm = memory('en');
    const file = await readFile(new URL('../fixtures/tmx/srclang-all.tmx', import.meta.url), 'utf8');
    const summary = await tm.importFile(file, 'srclang-all.tmx');
    expect(summary.pairs.map((p) => [p.sourceLocale, p.targetLocale, p.added])).toEqual([
      ['en', 'ja', 2],
      ['en', 'ko', 2],
    ]);
    expect((await tm.findExact('Only in English.', 'en', 'ja'))?.text).toBe('英語と日本語だけ。');
  });
});
