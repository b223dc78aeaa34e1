import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDeepl } from '../fake-deepl/server.ts';
import { cliWorkspace } from './cli-setup.ts';
import { lines, runInProcess, runTandem } from './run-tandem.ts';

interface SegmentsJson {
  segments: {
    id: string;
    source: string;
    translation?: { state: string; text: string; origin: string | null };
    glossary: { locale: string; source: string; target: string }[];
    checks?: { checkId: string; severity: string }[];
  }[];
}

describe('tandem translate through DeepL (fake server), with a glossary and confidential terms', () => {
  let fake: FakeDeepl;
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;

  beforeAll(async () => {
    fake = await FakeDeepl.start();
    ws = await cliWorkspace({ DEEPL_AUTH_KEY: 'test-key:fx', DEEPL_SERVER_URL: fake.url, TANDEM_AUTO_TRANSLATE: '0' });
  });
  afterAll(async () => {
    await fake.close();
    await ws.cleanup();
  });

  it('when translate --to en runs, then drafts arrive with glossary renderings, confidential terms never leave, and usage counts the characters', async () => {
    const csv = join(ws.dir, 'terms.csv');
    await writeFile(csv, "source,target\n조선인민군,Korean People's Army\n");
    expect((await runInProcess(['glossary', 'import', csv, '--from', 'ko', '--to', 'en'], ws.env)).code).toBe(0);
    const added = await runInProcess(['confidential', 'add', '대북 소식통', '--render', 'a source'], ws.env);
    expect(added.code, added.stderr).toBe(0);
    for (const slug of ['kpa-autumn-drills-2026', 'detention-testimony-hyesan']) {
      const run = await runInProcess(['import', ws.file(slug)], ws.env);
      expect(run.code, run.stderr).toBe(0);
    }
    expect(fake.translateRequests).toHaveLength(0);

    const run = await runTandem(['translate', '--to', 'en', '--all'], ws.env);

    expect(run.code, run.stderr).toBe(0);
    const out = lines(run.stdout);
    expect(out[0]).toMatch(/^queued \d+ segment translation\(s\)$/);
    const queued = Number(/^queued (\d+)/.exec(out[0]!)![1]);
    expect(out.at(-1)).toMatch(
      new RegExp(`^${queued} machine draft\\(s\\), 0 from memory, 0 failed; [1-9]\\d* request\\(s\\), [1-9]\\d* characters sent$`),
    );

    // Nothing confidential in any request, in any form: the global term (with a particle attached: 소식통은) and the
    // article's own front-matter term (김철민씨는).
    const bodies = fake.translateRequests.map((r) => r.body + JSON.stringify(r.params));
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      for (const secret of ['대북 소식통', '소식통', '김철민', encodeURIComponent('김철민'), encodeURIComponent('소식통')])
        expect(body).not.toContain(secret);
    }
    expect(fake.translateRequests.every((r) => r.params.glossary_id?.length === 1)).toBe(true);

    const body = JSON.parse(
      (await runInProcess(['segments', 'kpa-autumn-drills-2026', '--locale', 'en', '--json'], ws.env)).stdout,
    ) as SegmentsJson;
    for (const s of body.segments) {
      expect(s.translation).toMatchObject({ state: 'draft', origin: 'machine' });
      expect(s.translation!.text).toMatch(/^⟪EN-US⟫ /);
    }
    const kpa = body.segments.find((s) => s.source.includes('조선인민군이') || s.source.includes('조선인민군</g1>이'))!;
    expect(kpa.translation!.text).toContain("Korean People's Army");
    expect(kpa.glossary).toEqual([{ locale: 'en', source: '조선인민군', target: "Korean People's Army" }]);
    expect(Array.isArray(kpa.checks)).toBe(true);
    const sourced = body.segments.find((s) => s.source.includes('대북 소식통은'))!;
    expect(sourced.translation!.text).toContain('a source');
    expect(sourced.translation!.text).not.toContain('소식통');

    const usage = await runInProcess(['usage', '--json'], ws.env);
    expect(usage.code, usage.stderr).toBe(0);
    const report = JSON.parse(usage.stdout) as {
      total: { requests: number; characters: number };
      byArticle: { key: string; characters: number }[];
    };
    expect(report.total.requests).toBe(fake.translateRequests.length);
    expect(report.total.characters).toBe(fake.textsReceived.reduce((n, t) => n + t.length, 0));
    expect(report.byArticle.map((r) => r.key).sort()).toEqual(['detention-testimony-hyesan', 'kpa-autumn-drills-2026']);

    // Nothing is new: a second run sends nothing.
    const before = fake.translateRequests.length;
    const again = await runInProcess(['translate', '--to', 'en', '--all'], ws.env);
    expect(again.code, again.stderr).toBe(0);
    expect(lines(again.stdout)[0]).toBe('queued 0 segment translation(s)');
    expect(fake.translateRequests).toHaveLength(before);
  });
});
