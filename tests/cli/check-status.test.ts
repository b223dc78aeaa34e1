import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace, withTandem } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

const SLUG = 'rice-check-status';
const SOURCE = `---\ntitle: 쌀값\n---\n\n북한 장마당에서 쌀값이 한 달 새 20% 올랐다.\n\n평양의 환율은 달러당 8천 원 선에서 거래됐다.\n`;
// Paragraph one says 25 where the source says 20 (an error); paragraph two lacks its full stop (a warning).
const ERRS = 'Rice prices at North Korean markets rose about 25% in a month.';
const WARNS = "Pyongyang's exchange rate traded around 8,000 won to the dollar";

interface CheckJson {
  errors: number;
  warnings: number;
  dismissed: number;
  overridden: number;
  segments: {
    segmentId: string;
    results: { checkId: string; severity: string; status: string; decision?: { by: string; reason: string } }[];
  }[];
}

describe('tandem check with dismissed warnings and overridden errors', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  let ids: string[];

  beforeAll(async () => {
    ws = await cliWorkspace();
    const file = join(ws.dir, `${SLUG}.md`);
    await writeFile(file, SOURCE);
    expect((await runInProcess(['import', file], ws.env)).code).toBe(0);
    ids = await withTandem(ws.env, async (tandem) => {
      const record = await tandem.articles.get(SLUG);
      const paragraphs = record.segments.filter((s) => s.kind === 'paragraph').sort((a, b) => a.order - b.order);
      const [one, two] = paragraphs.map((s) => s.id);
      await tandem.review.submit({ slug: SLUG, segmentId: one!, locale: 'en', text: ERRS, actor: { name: 'tina' } });
      await tandem.review.submit({ slug: SLUG, segmentId: two!, locale: 'en', text: WARNS, actor: { name: 'tina' } });
      return [one!, two!];
    });
  });
  afterAll(() => ws.cleanup());

  const check = async (...extra: string[]) => runInProcess(['check', SLUG, '--locale', 'en', ...extra], ws.env);

  it('when an error is open, then check exits 1 and marks it open', async () => {
    const run = await check('--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as CheckJson;
    expect(report).toMatchObject({ errors: 1, warnings: 1, dismissed: 0, overridden: 0 });
    expect(report.segments.flatMap((s) => s.results.map((r) => [s.segmentId, r.checkId, r.status]))).toEqual([
      [ids[0], 'numbers', 'open'],
      [ids[1], 'end-punctuation', 'open'],
    ]);
  });

  it('when the error is overridden at approval and the warning dismissed, then check exits 0 and says who decided and why', async () => {
    await withTandem(ws.env, async (tandem) => {
      await tandem.review.approve({
        slug: SLUG,
        segmentId: ids[0]!,
        locale: 'en',
        actor: { name: 'rex' },
        overrideReason: 'Rounded on purpose',
      });
      await tandem.review.dismissCheck({
        slug: SLUG,
        segmentId: ids[1]!,
        locale: 'en',
        checkId: 'end-punctuation',
        reason: 'Quoted as written',
        actor: { name: 'tina' },
      });
    });

    const run = await check('--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as CheckJson;
    expect(report).toMatchObject({ errors: 0, warnings: 0, dismissed: 1, overridden: 1 });
    expect(report.segments.flatMap((s) => s.results.map((r) => [r.checkId, r.status, r.decision?.by, r.decision?.reason]))).toEqual([
      ['numbers', 'overridden', 'rex', 'Rounded on purpose'],
      ['end-punctuation', 'dismissed', 'tina', 'Quoted as written'],
    ]);

    const text = await check();
    expect(text.code).toBe(0);
    const out = lines(text.stdout);
    // Each resolved result is marked as such (–) with who decided and why, whatever the rest of its line says.
    expect(out.filter((l) => /^\s+– /.test(l))).toEqual([
      expect.stringMatching(/Overridden at approval by rex: “Rounded on purpose”$/),
      expect.stringMatching(/Dismissed for this segment by tina: “Quoted as written”$/),
    ]);
    expect(out.at(-1)).toContain('0 open errors, 0 open warnings, 1 dismissed, 1 overridden');
  });

  it('when the overridden text changes, then the error is open again and check exits 1', async () => {
    await withTandem(ws.env, async (tandem) => {
      const t = (await tandem.articles.get(SLUG)).translations.find((x) => x.segmentId === ids[0] && x.locale === 'en')!;
      await tandem.review.saveTranslation({
        slug: SLUG,
        segmentId: ids[0]!,
        locale: 'en',
        text: ERRS.replace('about', 'roughly'),
        baseRevision: t.revision,
        actor: { name: 'rex' },
      });
    });
    const run = await check('--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ errors: 1, overridden: 0, dismissed: 1 });
  });
});
