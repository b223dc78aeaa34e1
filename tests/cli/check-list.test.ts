import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.ts';
import { cliWorkspace, withTandem } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

type Listed = { id: string; severity: string; name: string; description: string; off: boolean; offFor: string[] };

describe('tandem check --list', () => {
  const env = { TANDEM_DATA_DIR: '/nonexistent/tandem-data', LOG_LEVEL: 'silent' };

  it('when the checks are listed, then each line has id, severity, state, name and description, without opening the data directory', async () => {
    const run = await runInProcess(['check', '--list'], { ...env, TANDEM_CHECKS_OFF: 'length,ja:end-punctuation' });
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out).toHaveLength(CHECKS.length);
    expect(out.map((l) => l.split(/\s+/)[0])).toEqual(CHECKS.map((c) => c.id));
    expect(out[1]).toMatch(/^numbers\s+error\s+on\s+Numbers: The same numbers appear/);
    expect(out.find((l) => l.startsWith('length'))).toMatch(/^length\s+warning\s+off\s+Length: /);
    expect(out.find((l) => l.startsWith('end-punctuation'))).toMatch(/^end-punctuation\s+warning\s+off for ja\s+Ending punctuation: /);
  });

  it('when the list is asked for a locale as JSON in Korean, then off-for-that-locale is true and texts are Korean', async () => {
    const run = await runInProcess(['check', '--list', '--locale', 'ja', '--json', '--lang', 'ko'], {
      ...env,
      TANDEM_CHECKS_OFF: 'ja:end-punctuation',
    });
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { locale: string; checks: Listed[] };
    expect(body.locale).toBe('ja');
    expect(body.checks.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
    expect(body.checks.find((c) => c.id === 'end-punctuation')).toEqual({
      id: 'end-punctuation',
      severity: 'warning',
      name: '문장 끝 문장부호',
      description: '번역문이 원문과 다른 종류의 문장부호로 끝납니다.',
      off: true,
      offFor: ['ja'],
    });
    expect(body.checks.filter((c) => c.off).map((c) => c.id)).toEqual(['end-punctuation']);
  });

  it.each([
    [
      { TANDEM_CHECKS_OFF: 'lenght' },
      ['check', '--list'],
      /TANDEM_CHECKS_OFF names no check lenght; known checks are untranslated, numbers/,
    ],
    [{}, ['check', '--list', '--lang', 'fr'], /"fr" is not one of en, ko/],
    [{}, ['check', '--locale', 'en'], /missing required argument 'slug' \(or use --list\)/],
  ])('when %j and %j, then the command fails with a message that says what to fix', async (extra, args, message) => {
    const run = await runInProcess(args, { ...env, ...extra });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
  });
});

describe('tandem check on an article', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  const SLUG = 'jangmadang-rice-prices-2026';
  beforeEach(async () => {
    ws = await cliWorkspace({ TANDEM_AUTO_TRANSLATE: '0' });
  });
  afterEach(async () => {
    await ws.cleanup();
  });

  it('when a translation fails checks, then each result is one sentence in the chosen language, and a check turned off is not run', async () => {
    const file = ws.file(SLUG);
    expect((await runInProcess(['import', file], ws.env)).code).toBe(0);
    const slug = await withTandem(ws.env, async (tandem) => {
      const record = await tandem.articles.get(SLUG);
      const segment = record.segments.find((s) => s.kind === 'paragraph' && /\d/.test(s.source))!;
      await tandem.review.saveTranslation({
        slug: record.article.slug,
        segmentId: segment.id,
        locale: 'en',
        text: 'No numbers here',
        baseRevision: 0,
        actor: { name: 'tina' },
      });
      return record.article.slug;
    });
    const en = await runInProcess(['check', slug, '--locale', 'en'], ws.env);
    expect(en.code).toBe(1);
    expect(en.stdout).toMatch(/^ {2}✗ Numbers: .+ (is|are) in the source but not in the translation \[numbers, error\]$/m);
    expect(en.stdout).toMatch(/^ {2}! Ending punctuation: the source ends with a full stop but the translation with no punctuation/m);
    expect(en.stdout).not.toMatch(/\[object Object\]|missing:|ratio:/);

    const ko = await runInProcess(['check', slug, '--locale', 'en', '--lang', 'ko'], { ...ws.env, TANDEM_CHECKS_OFF: 'end-punctuation' });
    expect(ko.stdout).toMatch(/^ {2}✗ 숫자: 원문의 숫자\(.+\)가 번역문에 없습니다 \[numbers, error\]$/m);
    expect(ko.stdout).not.toContain('end-punctuation');
  });
});
