import { execFileSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

// Every option and argument is validated while the command line is parsed, by the validators the web and the
// services use: a bad value is one line on stderr, exit code 2, and the data directory is never opened.
describe('tandem refuses bad options before touching data', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  beforeAll(async () => {
    ws = await cliWorkspace({ TANDEM_TARGET_LOCALES: 'en,ja' });
  });
  afterAll(() => ws.cleanup());

  it.each([
    [['check', 'some-article', '--locale', 'xx'], /xx is not one of the languages this newsroom translates into/],
    [['check', 'some-article', '--locale', 'ko'], /ko is not one of the languages this newsroom translates into/],
    [['check', 'Bad Slug!', '--locale', 'en'], /is not a valid slug/],
    [['check', 'some-article', '--locale', '!!'], /not a BCP 47 language tag/],
    [['usage', '--since', '2026-13-45'], /not a calendar day/],
    [['usage', '--since', '2026-02-30'], /not a calendar day/],
    [['usage', '--since', 'yesterday'], /not a calendar day/],
    [['glossary', 'import', 'terms.csv', '--from', 'ko', '--to', 'ko'], /ko is not one of the languages this newsroom translates into/],
    [['glossary', 'import', 'terms.csv', '--from', 'en', '--to', 'ja'], /en is not the source locale/],
    [['segments', 'some-article', '--locale', 'de'], /de is not one of the languages this newsroom translates into/],
    [['status', '../etc/passwd'], /is not a valid slug/],
    [['publish', 'some-article', '--locale', 'de'], /de is not one of the languages this newsroom translates into/],
    [['publish', 'some-article', '--locale', 'en', '--at', 'tomorrow 9am'], /not an ISO 8601 time/],
    [['publish', 'some-article', '--locale', 'en', '--at', '2026-12-01T09:00:00'], /not an ISO 8601 time/],
    [['versions', 'some-article', '--locale', 'en', '--show', 'latest'], /not a version number/],
    [['versions', 'some-article', '--locale', 'en', '--diff', '1', 'x'], /not a version number/],
    [['unpublish', 'some-article', '--locale', 'zz'], /zz is not one of the languages this newsroom translates into/],
    [['translate', '--to', 'en,xx'], /xx is not one of the languages this newsroom translates into/],
    [['translate', '--article', 'ok-slug,NOT OK'], /is not a valid slug/],
    [['memory', 'search', 'x', '--to', 'fr'], /fr is not one of the languages this newsroom translates into/],
    [['memory', 'search', 'x', '--to', 'en', '--in', 'everywhere'], /not one of source, target, both/],
    [['memory', 'search', 'x', '--to', 'en', '--fuzzy', '--threshold', '150'], /from 0 to 100/],
    [['memory', 'search', 'x', '--to', 'en', '--limit', '-3'], /from 1 to 1000/],
    [['memory', 'export', '--to', 'en', '--from', '??'], /not a BCP 47 language tag/],
    [['users', 'add', 'kim', '--role', 'overlord'], /not a role/],
    [['users', 'add', 'kim', '--role', 'translator', '--locales', 'en,xx'], /xx is not one of the languages this newsroom translates into/],
    [['users', 'set-role', 'kim', 'root'], /not a role/],
    [['users', 'set-locales', 'kim', 'ko'], /ko is not one of the languages this newsroom translates into/],
    [['confidential', 'add', '김철민', '--article', 'NOPE NOPE'], /is not a valid slug/],
    [['import', 'x.md', '--slug', 'Has Spaces'], /is not a valid slug/],
  ])('%j exits 2 with one line and no data directory', async (args, message) => {
    const run = await runInProcess(args, ws.env);

    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/unexpected error|at .*\.ts:\d+/);
    await expect(readdir(ws.dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('when a valid locale is written in another case, then it is accepted in canonical form', async () => {
    const run = await runInProcess(['check', 'no-such-article', '--locale', 'EN'], ws.env);

    // Past parsing: the article is missing, which is a failure (1), not a usage error (2).
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no article "no-such-article"/);
  });

  it('when import is given a FIFO, then it is refused at once instead of waiting for a writer', async () => {
    const fifo = join(ws.dir, 'pipe.md');
    execFileSync('mkfifo', [fifo]);

    const run = await runInProcess(['import', fifo], ws.env);

    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/not a regular file or folder/);
  });
});
