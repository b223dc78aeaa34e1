import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace, withTandem } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

const SLUG = 'defector-testimony';
const MARKDOWN = `---
title: 탈북민의 증언
confidential:
  - term: Kim Yong-su
    render: a source
---

김영수(Kim Yong-su)씨는 국경을 넘었다고 말했다.

장마\u200B당에서 쌀값이 올랐다.
`;

describe('tandem import and tandem check: invisible characters and front-matter confidential terms', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  let file: string;

  beforeAll(async () => {
    ws = await cliWorkspace();
    file = join(ws.dir, `${SLUG}.md`);
    await writeFile(file, MARKDOWN);
  });
  afterAll(() => ws.cleanup());

  it('when a source has an invisible character inside a word, then import succeeds and warns naming the segment and code point', async () => {
    const run = await runInProcess(['import', file], ws.env);
    expect(run.code, run.stderr).toBe(0);
    expect(lines(run.stderr)).toEqual([
      `warning: ${file}: segment 3 has invisible characters inside words (U+200B); ` +
        'matching and masking ignore them, but check the source text and remove them if they came from a paste',
    ]);
    const json = await runInProcess(['import', file, '--json'], ws.env);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({
      status: 'unchanged',
      warnings: [{ kind: 'invisible-characters', order: 2, codePoints: ['U+200B'] }],
    });
  });

  it('when a translation spells out a name declared confidential in the front matter, then tandem check reports it and exits 1', async () => {
    expect((await runInProcess(['import', file], ws.env)).code).toBe(0);
    await withTandem(ws.env, async (tandem) => {
      const record = await tandem.articles.get(SLUG);
      const segment = record.segments.find((s) => s.source.includes('김영수'))!;
      await tandem.review.saveTranslation({
        slug: SLUG,
        segmentId: segment.id,
        locale: 'en',
        text: 'ＫＩＭ Ｙｏｎｇ-su said he crossed the border.',
        baseRevision: record.translations.find((t) => t.segmentId === segment.id && t.locale === 'en')?.revision ?? 0,
        actor: { name: 'tina' },
      });
    });
    const run = await runInProcess(['check', SLUG, '--locale', 'en', '--json'], ws.env);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      errors: number;
      segments: { results: { checkId: string; severity: string; detail: unknown }[] }[];
    };
    expect(report.segments.flatMap((s) => s.results)).toContainEqual({
      checkId: 'confidential',
      severity: 'error',
      detail: { leaked: ['Kim Yong-su'], renderings: ['a source'] },
      status: 'open',
    });
  });
});
