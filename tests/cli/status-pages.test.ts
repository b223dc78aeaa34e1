import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, SAMPLES } from './run-tandem.ts';

type Counts = Record<string, number>;
interface Listing {
  total: number;
  totals: { locales: { locale: string; counts: Counts; total: number }[]; counts: Counts; total: number };
  articles: { slug: string; locales: { locale: string; counts: Counts; total: number }[] }[];
  next: string | null;
  machineTranslation: { state: string };
}

// `tandem status` pages like the API's listings: totals over the archive, a page of articles newest first, `next`.
describe('tandem status pages', () => {
  let dir: string;
  let env: Record<string, string>;
  const status = async (...args: string[]) => {
    const run = await runInProcess(['status', '--json', ...args], env);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Listing;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-cli-status-pages-'));
    env = { TANDEM_DATA_DIR: join(dir, 'data') };
    const run = await runInProcess(['import', SAMPLES], env);
    expect(run.code, run.stderr).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('when pages are followed by their cursor, then they list every article once, in the order of --all', async () => {
    const all = await status('--all');
    expect(all.total).toBeGreaterThanOrEqual(5);
    expect(all.articles).toHaveLength(all.total);
    expect(all.next).toBeNull();

    const seen: string[] = [];
    let page = await status('--limit', '2');
    for (let guard = 0; guard < 10; guard++) {
      expect(page.total).toBe(all.total);
      expect(page.articles.length).toBeLessThanOrEqual(2);
      seen.push(...page.articles.map((a) => a.slug));
      if (page.next === null) break;
      page = await status('--limit', '2', '--cursor', page.next);
    }
    expect(seen).toEqual(all.articles.map((a) => a.slug));
  });

  it('when status lists a page, then its totals count every article of the archive, not only the page', async () => {
    const all = await status('--all');
    const page = await status('--limit', '1');
    expect(page.articles).toHaveLength(1);
    for (const locale of page.totals.locales) {
      const rows = all.articles.map((a) => a.locales.find((l) => l.locale === locale.locale)!);
      expect(locale.total).toBe(rows.reduce((sum, l) => sum + l.total, 0));
      for (const [state, n] of Object.entries(locale.counts)) expect(n).toBe(rows.reduce((sum, l) => sum + (l.counts[state] ?? 0), 0));
    }
    expect(page.totals.total).toBe(page.totals.locales.reduce((sum, l) => sum + l.total, 0));
  });

  it('when status prints text and more articles follow, then it says how many there are and how to see the next page', async () => {
    const run = await runInProcess(['status', '--limit', '2'], env);
    expect(run.code, run.stderr).toBe(0);
    const { total } = await status();
    expect(run.stdout).toContain(`${total} articles; approved: en 0%, ja 0%, zh-Hans 0%; 2 shown below`);
    expect(run.stdout).toMatch(/More articles: tandem status --cursor [A-Za-z0-9_-]+ \(or --all for every one\)/);
  });

  it.each([
    [['--all', '--limit', '2'], 2, /cannot be used with option/],
    [['--all', '--cursor', 'abc'], 2, /cannot be used with option/],
    [['--limit', '0'], 2, /not a whole number from 1 to 100/],
    [['--limit', '101'], 2, /not a whole number from 1 to 100/],
    [['jangmadang-rice-prices-2026', '--limit', '2'], 2, /leave them out with a slug/],
    [['--cursor', 'not-a-cursor'], 1, /the cursor is not one tandem status printed/],
    [['--cursor', Buffer.from('{"u":"2026-01-01T00:00:00Z","s":"../x"}').toString('base64url')], 1, /the cursor is not one/],
  ])('when status gets %j, then it exits %i saying why', async (args, code, message) => {
    const run = await runInProcess(['status', ...args], env);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
  });
});
