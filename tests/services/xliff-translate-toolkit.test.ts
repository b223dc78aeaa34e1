import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { xliffFormats } from '../../src/adapters/formats/index.ts';
import { NAME, SLUG, setUpExchange } from './xliff-support.ts';

// Interoperability with a tool this project did not write: Debian's translate-toolkit (`apt-get install
// translate-toolkit`, which .ci/run does). Its command-line converters read the 1.2 export; its Python library (the one
// Pootle and Virtaal are built on) edits the file as an agency's tool would, and Tandem reads the result back.
const PYTHON = '/usr/bin/python3';

// The agency's edit, through translate-toolkit's XLIFF storage: each planned unit gets the source's rich text (inline
// <g>/<x> elements kept as placeables) with its text runs translated, and the state a translator would set there.
const EDIT_SCRIPT = `
import copy, json, sys
from translate.storage import xliff
store = xliff.xlifffile.parsefile(sys.argv[1])
plan = json.loads(sys.argv[3])
def translate(elem, words):
    for i, sub in enumerate(elem.sub):
        if isinstance(sub, str):
            elem.sub[i] = words.get(sub, sub)
        else:
            translate(sub, words)
for unit in store.units:
    edit = plan.get(unit.xmlelement.get("id"))
    if edit is None:
        continue
    rich = copy.deepcopy(unit.rich_source)
    for elem in rich:
        translate(elem, edit["words"])
    unit.rich_target = rich
    if edit["state"] == "approved":
        unit.markapproved(True)
        unit.set_state_n(unit.S_SIGNED_OFF)
    elif edit["state"] == "review":
        unit.set_state_n(unit.S_NEEDS_REVIEW)
    else:
        unit.markfuzzy(True)
store.savefile(sys.argv[2])
`;

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

const translator = { name: 'tom', role: 'translator', locales: ['en'] } as const;
const reviewer = { name: 'rita', role: 'reviewer', locales: ['en'] } as const;

/** The article with a translator's draft (title) and submission (third paragraph), exported as XLIFF 1.2 to a file. */
async function exported() {
  const x = await setUpExchange();
  await x.review.saveTranslation({
    slug: SLUG,
    segmentId: x.ids.title,
    locale: 'en',
    text: 'Defector interview',
    baseRevision: 0,
    actor: translator,
  });
  await x.review.submit({
    slug: SLUG,
    segmentId: x.ids.code,
    locale: 'en',
    text: 'The third holds <g1>italics</g1> and <x2/>.',
    actor: translator,
  });
  dir = mkdtempSync(join(tmpdir(), 'tandem-xliff-'));
  const file = join(dir, `${SLUG}.en.xlf`);
  writeFileSync(file, (await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version: '1.2' })).text);
  return { x, file, dir };
}

describe('xliff 1.2 with translate-toolkit', () => {
  it('when xliff2po and pofilter read the export, then every unit is there by id, states as fuzzy flags, and no name', async () => {
    const { x, file, dir: at } = await exported();
    const po = join(at, 'export.po');
    execFileSync('xliff2po', ['--progress=none', file, po]);
    const text = readFileSync(po, 'utf8');
    expect(text).not.toContain(NAME);
    for (const id of Object.values(x.ids)) expect(text).toContain(`#: ${id}\n`);
    // translate-toolkit shows an unapproved translation as fuzzy: the draft and the submission both are.
    expect(text).toContain(`#: ${x.ids.title}\n#, fuzzy\nmsgid "탈북민 인터뷰"\nmsgstr "Defector interview"`);
    expect(text).toContain(`#: ${x.ids.plain}\nmsgid "두 번째 문단은 평범하다."\nmsgstr ""`);
    expect(text).toContain('msgstr "The third holds italics and ."');
    // pofilter runs its checks over the same file and reports the untranslated units.
    const filtered = join(at, 'filtered.po');
    execFileSync('pofilter', ['--progress=none', '-t', 'untranslated', po, filtered]);
    const report = readFileSync(filtered, 'utf8');
    expect(report).toContain(`#: ${x.ids.plain}`);
    expect(report).toContain(`#: ${x.ids.name}`);
    expect(report).not.toContain(`#: ${x.ids.title}`);
  });

  it('when translate-toolkit edits the file, then Tandem imports it back keeping every text, tag and state', async () => {
    const { x, file, dir: at } = await exported();
    const edited = join(at, 'edited.xlf');
    const plan = {
      [x.ids.name]: { words: { '씨는 ': ' said he crossed the ', 국경: 'border', '을 넘었다고 말했다.': '.' }, state: 'review' },
      [x.ids.plain]: { words: { '두 번째 문단은 평범하다.': 'The second is plain & <simple>.' }, state: 'approved' },
    };
    execFileSync(PYTHON, ['-c', EDIT_SCRIPT, file, edited, JSON.stringify(plan)]);
    const agencyText = readFileSync(edited, 'utf8');
    // What translate-toolkit wrote: the inline elements, the protected name and its own state attributes.
    expect(agencyText).toMatch(
      /<target state="needs-review-translation"><g id="1"><x id="c1" [^>]*\/><\/g> said he crossed the <g id="2">border<\/g>\.<\/target>/,
    );
    expect(agencyText).toMatch(/approved="yes"/);

    const report = await x.xliff.importFile({
      content: readFileSync(edited),
      file: 'edited.xlf',
      importer: reviewer,
      agency: 'Lingo',
      approve: true,
    });
    expect(report).toMatchObject({ applied: 2, approved: 1, unchanged: 2, refused: [], notApproved: [] });
    const record = await x.record();
    const en = (id: string) => record.translations.find((t) => t.segmentId === id && t.locale === 'en');
    expect(en(x.ids.name)).toMatchObject({
      state: 'submitted',
      text: '<g1>a defector</g1> said he crossed the <g2>border</g2>.',
      textBy: 'agency:Lingo',
    });
    expect(en(x.ids.plain)).toMatchObject({ state: 'approved', text: 'The second is plain &amp; &lt;simple&gt;.', textBy: 'agency:Lingo' });
    expect(en(x.ids.title)).toMatchObject({ state: 'draft', text: 'Defector interview', textBy: 'tom' });
    expect(en(x.ids.code)).toMatchObject({ state: 'submitted', text: 'The third holds <g1>italics</g1> and <x2/>.', textBy: 'tom' });

    // Exported again, every unit says what translate-toolkit's file said: same texts, tags and states.
    const theirs = await xliffFormats.parse(agencyText);
    const ours = await xliffFormats.parse((await x.xliff.exportFile({ slugs: [SLUG], locale: 'en', version: '1.2' })).text);
    const view = (doc: typeof ours) => doc.files[0]!.units.map((u) => [u.id, u.source, u.target, u.state]);
    // Except the name's placeholder: imported, it became the article's rendering of the name, as in machine drafts.
    const rendered = view(theirs).map(([id, source, target, state]) => [
      id,
      source,
      target?.replace('<tdmc i="1"/>', 'a defector') ?? null,
      state,
    ]);
    expect(view(ours)).toEqual(rendered);
  });

  it('when a translation changed in Tandem after the export, then the translate-toolkit edit of it is refused, the others applied', async () => {
    const { x, file, dir: at } = await exported();
    const edited = join(at, 'edited.xlf');
    const plan = {
      [x.ids.title]: { words: { '탈북민 인터뷰': 'An interview' }, state: 'review' },
      [x.ids.plain]: { words: { '두 번째 문단은 평범하다.': 'The second is plain.' }, state: 'review' },
    };
    execFileSync(PYTHON, ['-c', EDIT_SCRIPT, file, edited, JSON.stringify(plan)]);
    // translate-toolkit keeps each unit's revision in Tandem's namespace as the export wrote it.
    const revisions = (text: string) => [...text.matchAll(/<trans-unit id="([^"]+)"[^>]*tandem:revision="(\d+)"/g)].map((m) => m.slice(1));
    expect(revisions(readFileSync(edited, 'utf8'))).toEqual(revisions(readFileSync(file, 'utf8')));
    expect(revisions(readFileSync(file, 'utf8'))).toHaveLength(4);
    const title = (await x.record()).translations.find((t) => t.segmentId === x.ids.title && t.locale === 'en')!;
    await x.review.saveTranslation({
      slug: SLUG,
      segmentId: x.ids.title,
      locale: 'en',
      text: 'Defector interview, edited',
      baseRevision: title.revision,
      actor: translator,
    });
    const report = await x.xliff.importFile({ content: readFileSync(edited), file: 'edited.xlf', importer: translator, agency: 'Lingo' });
    expect(report.refused).toEqual([expect.objectContaining({ unitId: x.ids.title, refusal: { code: 'translation-changed' } })]);
    expect(report.applied).toBe(1);
    const en = (await x.record()).translations.filter((t) => t.locale === 'en');
    expect(en.find((t) => t.segmentId === x.ids.title)?.text).toBe('Defector interview, edited');
    expect(en.find((t) => t.segmentId === x.ids.plain)?.text).toBe('The second is plain.');
  });

  it('when the article changed after the export, then translate-toolkit edits of the changed paragraph are refused', async () => {
    const { x, file, dir: at } = await exported();
    const edited = join(at, 'edited.xlf');
    const plan = { [x.ids.plain]: { words: { '두 번째 문단은 평범하다.': 'The second is plain.' }, state: 'review' } };
    execFileSync(PYTHON, ['-c', EDIT_SCRIPT, file, edited, JSON.stringify(plan)]);
    await x.reimport('두 번째 문단은 그사이 고쳐졌다.');
    const report = await x.xliff.importFile({ content: readFileSync(edited), file: 'edited.xlf', importer: translator, agency: 'Lingo' });
    expect(report.refused).toEqual([expect.objectContaining({ unitId: x.ids.plain, refusal: { code: 'source-changed' } })]);
    expect((await x.record()).translations.find((t) => t.segmentId === x.ids.plain && t.locale === 'en')?.text ?? '').toBe('');
  });
});
