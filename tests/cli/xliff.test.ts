import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xliffFormats } from '../../src/adapters/formats/index.ts';
import { cliWorkspace, withTandem } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

// A sample article whose front matter names a confidential source (김철민).
const SLUG = 'detention-testimony-hyesan';
const NAME = '김철민';

/**
 * The exported file as an agency returns it: every unit translated (tags and placeholders kept, each Korean word
 * replaced by `word`) with `state`.
 */
async function translated(text: string, state: 'draft' | 'submitted' | 'approved', word = 'word'): Promise<string> {
  const doc = await xliffFormats.parse(text);
  const files = doc.files.map((f) => ({
    ...f,
    units: f.units.map((u) => ({ ...u, target: u.source.replace(/[가-힣]+/g, word), state })),
  }));
  return xliffFormats.forVersion(doc.version).serialize({ ...doc, files });
}

describe('tandem xliff export and import', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;

  beforeAll(async () => {
    ws = await cliWorkspace();
    const imported = await runInProcess(['import', ws.file(SLUG)], ws.env);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => ws.cleanup());

  it('when an article is exported, then stdout or --out holds the XLIFF of the version asked for, without the name', async () => {
    const out = await runInProcess(['xliff', 'export', SLUG, 'en'], ws.env);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><xliff [^>]*version="1.2"/);
    expect(out.stdout).not.toContain(NAME);
    expect(out.stdout).toContain('ctype="x-tandem-confidential"');

    const file = join(ws.dir, 'out.xlf');
    const written = await runInProcess(['xliff', 'export', SLUG, 'en', '--version', '2.0', '--out', file], ws.env);
    expect(written.code, written.stderr).toBe(0);
    expect(lines(written.stdout)).toEqual([`${file}: XLIFF 2.0, 1 article(s) → en`]);
    const doc = await xliffFormats.parse(await readFile(file, 'utf8'));
    expect(doc).toMatchObject({ version: '2.0', sourceLocale: 'ko', targetLocale: 'en' });
    expect(doc.files.map((f) => f.slug)).toEqual([SLUG]);
  });

  it('when the agency file is imported, then its units are the agency texts; with --approve, those passing the checks are approved by the importer', async () => {
    const exported = await runInProcess(['xliff', 'export', SLUG, 'en'], ws.env);
    const file = join(ws.dir, 'back.xlf');
    await writeFile(file, await translated(exported.stdout, 'approved'));
    const units = (await xliffFormats.parse(exported.stdout)).files[0]!.units.length;

    const run = await runInProcess(['xliff', 'import', file, '--agency', 'Lingo Ltd', '--approve', '--by', 'rita'], ws.env);
    expect(run.code, run.stderr).toBe(0);
    // Approval runs the checks: a unit whose made-up text fails an error-level check stays submitted, with a line saying so.
    const notApproved = lines(run.stderr);
    expect(notApproved.every((l) => /^not approved {2}s-\w+ \(detention-testimony-hyesan, line \d+\): checks: /.test(l))).toBe(true);
    const approved = units - notApproved.length;
    expect(approved).toBeGreaterThan(0);
    expect(lines(run.stdout)).toEqual([
      `${file}: XLIFF 1.2 → en from agency:Lingo Ltd: ${units} applied (${approved} approved), 0 unchanged, 0 refused`,
    ]);
    const record = await withTandem(ws.env, (tandem) => tandem.articles.get(SLUG));
    const en = record.translations.filter((t) => t.locale === 'en');
    expect(en).toHaveLength(units);
    expect(en.every((t) => t.textBy === 'agency:Lingo Ltd')).toBe(true);
    expect(en.filter((t) => t.state === 'approved')).toHaveLength(approved);
    expect(en.filter((t) => t.state === 'submitted')).toHaveLength(notApproved.length);
    const approvals = record.history.filter((h) => h.action === 'approve');
    expect(approvals.map((h) => [h.by, h.comment])).toEqual(
      Array(approved).fill(['rita', 'approved from an XLIFF file of agency:Lingo Ltd']),
    );
  });

  it('when the article changed since the export, then the changed unit is refused on stderr and the exit code is 1', async () => {
    const exported = await runInProcess(['xliff', 'export', SLUG, 'en', '--version', '2.0'], ws.env);
    const doc = await xliffFormats.parse(exported.stdout);
    const article = await readFile(ws.file(SLUG), 'utf8');
    const edited = join(ws.dir, `${SLUG}.md`);
    const paragraph = article.split('\n\n').find((p) => /^[가-힣]/.test(p) && !p.includes(NAME))!;
    await writeFile(edited, article.replace(paragraph, `${paragraph} 덧붙인 문장.`));
    expect((await runInProcess(['import', edited], ws.env)).code).toBe(0);
    const file = join(ws.dir, 'stale.xlf');
    await writeFile(file, await translated(exported.stdout, 'submitted'));

    const run = await runInProcess(['xliff', 'import', file, '--agency', 'Lingo Ltd'], ws.env);
    expect(run.code).toBe(1);
    const refused = lines(run.stderr);
    expect(refused).toHaveLength(1);
    const unit = doc.files[0]!.units.find((u) => refused[0]!.includes(u.id))!;
    expect(refused[0]).toBe(
      `refused       ${unit.id} (${SLUG}, line ${unit.line}): its source changed since the export; export the article again and translate the new text`,
    );
    expect(run.stdout).toMatch(/ 1 refused$/m);
  });

  it('when an old export comes back after the agency version was approved, then every unit is refused with exit 1 and nothing changes', async () => {
    // The newcomer's steps on another article: drafts, an export of them, the agency's approved version, the old file again.
    const slug = 'defector-arrivals-2026';
    expect((await runInProcess(['import', ws.file(slug)], ws.env)).code).toBe(0);
    const drafts = join(ws.dir, 'drafts.xlf');
    await writeFile(drafts, await translated((await runInProcess(['xliff', 'export', slug, 'en'], ws.env)).stdout, 'draft'));
    expect((await runInProcess(['xliff', 'import', drafts, '--agency', 'MT'], ws.env)).code).toBe(0);
    const old = join(ws.dir, 'd-en.xlf');
    expect((await runInProcess(['xliff', 'export', slug, 'en', '--out', old], ws.env)).code).toBe(0);
    const agency = join(ws.dir, 'acme.xlf');
    const oldText = await readFile(old, 'utf8');
    await writeFile(agency, await translated(oldText, 'approved', 'term'));
    const approved = await runInProcess(['xliff', 'import', agency, '--agency', 'Acme Lang', '--approve', '--by', 'rita'], ws.env);
    expect(approved.code, approved.stderr).toBe(0);
    const before = await withTandem(ws.env, (tandem) => tandem.articles.get(slug));

    const run = await runInProcess(['xliff', 'import', old, '--agency', 'Acme Lang'], ws.env);
    expect(run.code).toBe(1);
    const units = (await xliffFormats.parse(oldText)).files[0]!.units;
    expect(lines(run.stdout)).toEqual([
      `${old}: XLIFF 1.2 → en from agency:Acme Lang: 0 applied (0 approved), 0 unchanged, ${units.length} refused`,
    ]);
    expect(lines(run.stderr)).toEqual(
      units.map(
        (u) =>
          `refused       ${u.id} (${slug}, line ${u.line}): its translation changed in Tandem since the export; export the article again and redo the change on the new file`,
      ),
    );
    const after = await withTandem(ws.env, (tandem) => tandem.articles.get(slug));
    expect(after.history).toHaveLength(before.history.length);
    expect(after.translations).toEqual(before.translations);
    expect(after.translations.filter((t) => t.locale === 'en').some((t) => t.state === 'approved')).toBe(true);
  });

  it('when the file is not XLIFF or a unit has no id, then one line says where and nothing is written', async () => {
    const file = join(ws.dir, 'bad.xlf');
    await writeFile(
      file,
      '<?xml version="1.0"?>\n<xliff version="2.0" srcLang="ko" trgLang="en">\n<file id="x">\n<unit>\n</unit></file></xliff>\n',
    );
    const run = await runInProcess(['xliff', 'import', file], ws.env);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([`tandem: xliff: ${file}: line 4: <unit> without id`]);
    expect(run.stdout).toBe('');
  });

  it('when an option is wrong, then the command line is refused with exit code 2', async () => {
    expect((await runInProcess(['xliff', 'export', SLUG, 'en', '--version', '3.0'], ws.env)).code).toBe(2);
    expect((await runInProcess(['xliff', 'export', SLUG, 'ko'], ws.env)).code).toBe(2);
    expect((await runInProcess(['xliff', 'export', 'Not A Slug', 'en'], ws.env)).code).toBe(2);
  });
});
