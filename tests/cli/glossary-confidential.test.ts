import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace, withTandem } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

const SLUG = 'kpa-autumn-drills-2026';

interface GlossaryJson {
  sourceLocale: string;
  targetLocale: string;
  entries: Record<string, string>;
  details?: Record<string, { forbidden?: string[]; note?: string; caseSensitive?: boolean }>;
}

interface SegmentsJson {
  segments: {
    id: string;
    source: string;
    glossary: { locale: string; source: string; target: string; forbidden?: string[]; note?: string }[];
    checks?: { checkId: string; severity: string; detail: Record<string, unknown> }[];
  }[];
}

describe('tandem glossary import with details, and glossary hits and checks in tandem segments', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  const csv = () => join(ws.dir, 'terms.csv');

  beforeAll(async () => {
    ws = await cliWorkspace();
    const run = await runInProcess(['import', ws.file(SLUG)], ws.env);
    expect(run.code, run.stderr).toBe(0);
    await writeFile(
      csv(),
      [
        'source,target,forbidden,note,case_sensitive',
        "조선인민군,Korean People's Army,North Korean Army|KPA Army,official name; never shortened,false",
        '장마당,jangmadang,,"market, kept in Korean",',
        '합참,JCS,,,true',
      ].join('\n'),
    );
    const imported = await runInProcess(['glossary', 'import', csv(), '--from', 'ko', '--to', 'en'], ws.env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(lines(imported.stdout)).toEqual(['glossary ko → en: 3 entries']);
  });
  afterAll(() => ws.cleanup());

  it('when a CSV has forbidden, note and case_sensitive columns, then list shows them and the stored glossary carries them', async () => {
    const text = await runInProcess(['glossary', 'list'], ws.env);
    expect(lines(text.stdout).slice(1)).toEqual([
      "  조선인민군\tKorean People's Army\t(not: North Korean Army | KPA Army; note: official name; never shortened)",
      '  장마당\tjangmadang\t(note: market, kept in Korean)',
      '  합참\tJCS\t(case-sensitive)',
    ]);

    const [glossary] = JSON.parse((await runInProcess(['glossary', 'list', '--json'], ws.env)).stdout) as GlossaryJson[];
    expect(glossary?.details).toEqual({
      조선인민군: { forbidden: ['North Korean Army', 'KPA Army'], note: 'official name; never shortened' },
      장마당: { note: 'market, kept in Korean' },
      합참: { caseSensitive: true },
    });
  });

  it.each([
    ['source,target\n장마당,jangmadang\n조선인민군,\n', 'line 3: the target term is empty'],
    ['source,target,case_sensitive\n장마당,jangmadang,maybe\n', 'line 2: case_sensitive must be true or false, not "maybe"'],
    ['source,target,colour\n장마당,jangmadang,red\n', 'line 1 has unknown column(s) colour'],
    ['장마당,jangmadang\n장마당,market\n', 'line 2: the source term "장마당" is already on line 1'],
    ['장마당,jangmadang,jangmadang\n', 'line 1: forbids its own required rendering "jangmadang"'],
    ['장마당,"jangmadang\n', 'is not valid CSV'],
  ])('when a CSV row is bad (%j), then import fails naming the line and stores nothing', async (content, message) => {
    const bad = join(ws.dir, 'bad.csv');
    await writeFile(bad, content);

    const run = await runInProcess(['glossary', 'import', bad, '--from', 'ko', '--to', 'en'], ws.env);

    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain(`glossary: ${bad}`);
    expect(run.stderr).toContain(message);
    const [glossary] = JSON.parse((await runInProcess(['glossary', 'list', '--json'], ws.env)).stdout) as GlossaryJson[];
    expect(Object.keys(glossary!.entries)).toEqual(['조선인민군', '장마당', '합참']);
  });

  it('when segments runs, then each segment lists the glossary terms in its source with the required rendering', async () => {
    const body = JSON.parse((await runInProcess(['segments', SLUG, '--json'], ws.env)).stdout) as SegmentsJson;

    const title = body.segments[0]!;
    expect(title.source).toContain('조선인민군,');
    expect(title.glossary).toEqual([
      {
        locale: 'en',
        source: '조선인민군',
        target: "Korean People's Army",
        forbidden: ['North Korean Army', 'KPA Army'],
        note: 'official name; never shortened',
      },
    ]);
    expect(title.checks).toBeUndefined();
    const jcs = body.segments.find((s) => s.source.startsWith('합참에 따르면'))!;
    expect(jcs.glossary.map((g) => g.target)).toEqual(['JCS']);
    const none = body.segments.find((s) => s.source === '군 당국이 꼽은 올해 훈련의 특징은 세 가지다.')!;
    expect(none.glossary).toEqual([]);

    const text = await runInProcess(['segments', SLUG], ws.env);
    expect(text.stdout).toContain(
      "     glossary en: 조선인민군 → Korean People's Army (not: North Korean Army | KPA Army; note: official name; never shortened)",
    );
  });

  it('when segments runs with --locale and a translation uses a forbidden rendering, then its check results are listed', async () => {
    const titleId = await withTandem(ws.env, async (tandem) => {
      const record = await tandem.articles.get(SLUG);
      const title = record.segments.find((s) => s.kind === 'title')!;
      await tandem.review.saveTranslation({
        slug: SLUG,
        segmentId: title.id,
        locale: 'en',
        text: 'North Korean Army wraps up summer drills; artillery fire more frequent than usual',
        baseRevision: 0,
        actor: { name: 'translator-kim' },
      });
      return title.id;
    });

    const body = JSON.parse((await runInProcess(['segments', SLUG, '--locale', 'en', '--json'], ws.env)).stdout) as SegmentsJson;

    const title = body.segments.find((s) => s.id === titleId)!;
    expect(title.checks).toContainEqual({
      checkId: 'glossary',
      severity: 'warning',
      detail: {
        missing: [{ term: '조선인민군', required: "Korean People's Army" }],
        forbidden: [{ term: '조선인민군', used: 'North Korean Army' }],
      },
    });
    expect(body.segments.filter((s) => s.id !== titleId).every((s) => s.checks?.length === 0)).toBe(true);
    const text = await runInProcess(['segments', SLUG, '--locale', 'en'], ws.env);
    expect(text.stdout).toContain(
      "     ! Glossary: 조선인민군 should be rendered as “Korean People's Army”, and “North Korean Army” is a rendering of 조선인민군 the glossary forbids [glossary]",
    );
    const korean = await runInProcess(['segments', SLUG, '--locale', 'en', '--lang', 'ko'], ws.env);
    expect(korean.stdout).toContain("     ! 용어집: 용어집의 번역어를 쓰지 않았습니다: 조선인민군 → ‘Korean People's Army’.");
  });

  it('when a confidential term is added again without a rendering, then it keeps the rendering it had', async () => {
    const first = await runInProcess(['confidential', 'add', '혜산', '--article', SLUG, '--render', 'a border city'], ws.env);
    expect(first.code, first.stderr).toBe(0);

    const again = await runInProcess(['confidential', 'add', '혜산', '--article', SLUG], ws.env);

    expect(again.code, again.stderr).toBe(0);
    expect(lines(again.stdout)).toEqual([`confidential term added for ${SLUG}, shown as "a border city"`]);
    const listed = await runInProcess(['confidential', 'list', '--article', SLUG, '--json'], ws.env);
    expect(JSON.parse(listed.stdout).article).toEqual([expect.objectContaining({ term: '혜산', render: 'a border city' })]);
  });
});
