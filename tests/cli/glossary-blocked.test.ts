import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDeepl } from '../fake-deepl/server.ts';
import { cliWorkspace } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

const SLUG = 'kpa-autumn-drills-2026';

describe('tandem translate, status and glossary import when DeepL refuses the glossary', () => {
  let fake: FakeDeepl;
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  const csv = () => join(ws.dir, 'terms.csv');

  beforeAll(async () => {
    fake = await FakeDeepl.start();
    ws = await cliWorkspace({
      DEEPL_AUTH_KEY: 'test-key:fx',
      DEEPL_SERVER_URL: fake.url,
      TANDEM_AUTO_TRANSLATE: '0',
      TANDEM_TARGET_LOCALES: 'en,ja',
    });
    // A data directory from before import normalised terms: its ko → en glossary keeps an ideographic space U+3000.
    await mkdir(join(ws.dataDir, 'mt'), { recursive: true });
    const glossary = {
      sourceLocale: 'ko',
      targetLocale: 'en',
      entries: { '조선\u3000인민군': "Korean People's Army" },
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    await writeFile(
      join(ws.dataDir, 'mt', 'settings.json'),
      JSON.stringify({ glossaries: { 'ko>en': glossary }, remoteGlossaries: {}, confidential: { global: [], articles: {} }, pauses: {} }),
    );
    const run = await runInProcess(['import', ws.file(SLUG)], ws.env);
    expect(run.code, run.stderr).toBe(0);
  });
  afterAll(async () => {
    await fake.close();
    await ws.cleanup();
  });

  it('when translate runs, then en is not sent, ja is, the run fails with DeepL’s reason, and status shows it; a fixed import resumes en', async () => {
    const run = await runInProcess(['translate', '--all'], ws.env);

    expect(run.code).toBe(1);
    expect(new Set(fake.translateRequests.map((r) => r.params.target_lang?.[0]))).toEqual(new Set(['ja']));
    expect(lines(run.stdout).at(-1)).toMatch(/^\d+ machine draft\(s\), 0 from memory, 0 failed, [1-9]\d* waiting for a glossary; /);
    expect(run.stderr).toContain(
      'translate: ko → en was not translated: its glossary could not be uploaded: deepl: request failed: Bad request, message: Invalid glossary entries provided',
    );

    const status = await runInProcess(['status'], ws.env);
    expect(status.stdout).toContain(
      'ko → en waits: its glossary could not be uploaded (deepl: request failed: Bad request, message: Invalid glossary entries provided',
    );
    const json = JSON.parse((await runInProcess(['status', '--json'], ws.env)).stdout) as {
      machineTranslation: {
        state: string;
        blockedGlossaries: { sourceLocale: string; targetLocale: string; reason: string }[];
        queue: { queued: number };
      };
    };
    expect(json.machineTranslation.state).toBe('ready');
    expect(json.machineTranslation.blockedGlossaries).toEqual([
      expect.objectContaining({
        sourceLocale: 'ko',
        targetLocale: 'en',
        reason: expect.stringContaining('Invalid glossary entries provided'),
      }),
    ]);
    expect(json.machineTranslation.queue.queued).toBeGreaterThan(0);

    await writeFile(csv(), "source,target\n조선\u3000인민군,Korean People's Army\n");
    expect((await runInProcess(['glossary', 'import', csv(), '--from', 'ko', '--to', 'en'], ws.env)).code).toBe(0);
    const again = await runInProcess(['translate'], ws.env);

    expect(again.code, again.stderr).toBe(0);
    expect(
      fake.translateRequests.filter((r) => r.params.target_lang?.[0] === 'en-US').every((r) => r.params.glossary_id?.length === 1),
    ).toBe(true);
    expect(fake.translateRequests.some((r) => r.params.target_lang?.[0] === 'en-US')).toBe(true);
    const after = JSON.parse((await runInProcess(['status', '--json'], ws.env)).stdout) as {
      machineTranslation: { blockedGlossaries: unknown[]; queue: { queued: number } };
    };
    expect(after.machineTranslation).toMatchObject({ blockedGlossaries: [], queue: { queued: 0 } });
  });

  it('when a CSV has a refused line, then the CLI names it and stores nothing', async () => {
    await writeFile(csv(), 'source,target\n장마당,jangmadang\n합참,"J\tCS"\n,empty\n');
    const run = await runInProcess(['glossary', 'import', csv(), '--from', 'ko', '--to', 'en'], ws.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `glossary: ${csv()} line 3: the target term contains a tab (U+0009), which a glossary cannot hold; ${csv()} line 4: the source term is empty`,
    );
    const [glossary] = JSON.parse((await runInProcess(['glossary', 'list', '--json'], ws.env)).stdout) as {
      entries: Record<string, string>;
    }[];
    expect(glossary!.entries).toEqual({ '조선 인민군': "Korean People's Army" });
  });

  it('when an empty CSV is imported, then the glossary stays unless --replace is given', async () => {
    await writeFile(csv(), 'source,target\n');
    const kept = await runInProcess(['glossary', 'import', csv(), '--from', 'ko', '--to', 'en'], ws.env);
    expect(kept.code).toBe(1);
    expect(kept.stderr).toContain('the ko → en glossary was left as it is. To empty it, import with --replace');
    expect(JSON.parse((await runInProcess(['glossary', 'list', '--json'], ws.env)).stdout)).toHaveLength(1);

    const replaced = await runInProcess(['glossary', 'import', csv(), '--from', 'ko', '--to', 'en', '--replace'], ws.env);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(lines(replaced.stdout)).toEqual(['glossary ko → en: 0 entries']);
    expect(JSON.parse((await runInProcess(['glossary', 'list', '--json'], ws.env)).stdout)).toEqual([]);
  });

  it('when terms are named __proto__, constructor and toString, then import and list keep them', async () => {
    await writeFile(csv(), 'source,target,note\n__proto__,PROTO,kept\nconstructor,BUILDER,\ntoString,TO-STRING,\n');
    const run = await runInProcess(['glossary', 'import', csv(), '--from', 'ko', '--to', 'en'], ws.env);
    expect(run.code, run.stderr).toBe(0);
    expect(lines(run.stdout)).toEqual(['glossary ko → en: 3 entries']);
    const list = await runInProcess(['glossary', 'list'], ws.env);
    expect(lines(list.stdout).slice(1)).toEqual(['  __proto__\tPROTO\t(note: kept)', '  constructor\tBUILDER', '  toString\tTO-STRING']);
  });
});
