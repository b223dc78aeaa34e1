import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { markdownRebuilder } from '../../src/adapters/formats/markdown.ts';
import { ValidationError } from '../../src/core/errors.ts';
import { splitFrontMatter } from '../../src/core/publication.ts';
import { validateSegmentText } from '../../src/core/segment-text-validation.ts';
import { editor, publishableFixture, reviewer, SLUG, translator, type PublishableFixture } from './publishable-support.ts';

// Issue 10, "What cannot be published cannot be approved": typed text is escaped as text or refused at save with its
// position; a machine draft is applied as it comes and the inline-tags check blocks its approval; whatever is approved
// can be published.

const fixtures: PublishableFixture[] = [];
async function setUp(): Promise<PublishableFixture> {
  const f = await publishableFixture();
  fixtures.push(f);
  return f;
}
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.close();
});

const PARA_OK = 'Inflation is <g1>under 5%</g1>, <g2>KOSTAT</g2> said citing <x3/> data.';

function ref(f: PublishableFixture, which: 0 | 1) {
  return { slug: SLUG, segmentId: f.segments[which]!.id, locale: 'en' };
}

async function storedText(f: PublishableFixture, which: 0 | 1): Promise<string | undefined> {
  const record = await f.storage.articles.get(SLUG as never);
  return record!.translations.find((t) => t.segmentId === f.segments[which]!.id && t.locale === 'en')?.text;
}

/** Submit a text for each segment, approve them all (overriding only checks that do not stop a rebuild) and publish. */
async function approveAndPublish(f: PublishableFixture, title: string, para: string): Promise<string> {
  await f.review.submit({ ...ref(f, 0), text: title, actor: translator });
  await f.review.submit({ ...ref(f, 1), text: para, actor: translator });
  for (const which of [0, 1] as const)
    await f.review.approve({ ...ref(f, which), actor: reviewer, overrideReason: 'numbers differ on purpose' });
  return (await f.publish.publish({ slug: SLUG, locale: 'en', actor: editor })).version.document;
}

describe('typed text is escaped as text', () => {
  it.each([
    ['Inflation is < 5%.', 'Inflation is &lt; 5%.', 'Inflation is < 5%.'],
    ['Prices at AT&T rose.', 'Prices at AT&amp;T rose.', 'Prices at AT&T rose.'],
    ['Bad &nbsp; and &#0; stay text.', 'Bad &amp;nbsp; and &amp;#0; stay text.', 'Bad &nbsp; and &#0; stay text.'],
    ['Kept: &lt; &amp; &#x41;.', 'Kept: &lt; &amp; &#x41;.', 'Kept: < & A.'],
    ['1<2 and a <-b', '1&lt;2 and a &lt;-b', '1<2 and a <-b'],
  ])('when a person saves "%s", then it is stored as "%s" and publishes as "%s"', async (typed, stored, shown) => {
    const f = await setUp();
    const saved = await f.review.saveTranslation({ ...ref(f, 0), text: typed, baseRevision: 0, actor: translator });
    expect(saved.text).toBe(stored);
    expect(saved.checks?.some((c) => c.checkId === 'inline-tags')).toBeFalsy();
    const document = await approveAndPublish(f, typed, PARA_OK);
    expect((parseYaml(splitFrontMatter(document).frontMatter) as { title: string }).title).toBe(shown);
  });

  it('when the raw "<" is inside a paragraph with tags, then the published Markdown reads "< 5%"', async () => {
    const f = await setUp();
    const document = await approveAndPublish(f, 'Inflation', 'Inflation is <g1>< 5%</g1>, <g2>KOSTAT</g2> said citing <x3/> data.');
    expect(await storedText(f, 1)).toBe('Inflation is <g1>&lt; 5%</g1>, <g2>KOSTAT</g2> said citing <x3/> data.');
    expect(document).toContain('Inflation is **< 5%**, [KOSTAT](https://kostat.go.kr) said citing `CPI` data.');
  });

  it('when the approver sends back the text as typed ("<" unescaped), then the approval sees it as unchanged', async () => {
    const f = await setUp();
    await f.review.submit({ ...ref(f, 0), text: 'Inflation is < 5%.', actor: translator });
    const approved = await f.review.approve({
      ...ref(f, 0),
      baseRevision: 2,
      text: 'Inflation is < 5%.',
      actor: reviewer,
      overrideReason: 'numbers differ on purpose',
    });
    expect(approved).toMatchObject({ state: 'approved', text: 'Inflation is &lt; 5%.' });
  });

  it('when the same typed text is submitted again, then it is a plain submit (the stored escaped form counts as the same)', async () => {
    const f = await setUp();
    await f.review.saveTranslation({ ...ref(f, 0), text: 'A < B', baseRevision: 0, actor: translator });
    const submitted = await f.review.submit({ ...ref(f, 0), text: 'A < B', actor: translator });
    expect(submitted).toMatchObject({ state: 'submitted', revision: 2, text: 'A &lt; B' });
  });
});

describe('malformed or unknown tags are refused at save, naming the position', () => {
  it.each([
    ['<g9> is not in the source', 'Inflation <g9>is</g9> low.', 'tag-not-in-source', 10, '<g9>'],
    ['<g1> is never closed', 'Inflation is <g1>under 5%, <g2>KOSTAT</g2> said <x3/>.', 'unclosed', 13, '<g1>'],
    ['<b> is not one of ours', 'Inflation is <b>low</b> <g1>a</g1><g2>b</g2><x3/>', 'unknown-markup', 13, '<b>'],
    ['<g1/> is neither form', 'Inflation <g1/> low', 'unknown-markup', 10, '<g1/>'],
    ['crossed tags', '<g1>a <g2>b</g1> c</g2> <x3/>', 'unexpected-close', 11, '</g1>'],
    ['a close with nothing open', 'a </g1> b <g1>c</g1>', 'unexpected-close', 2, '</g1>'],
    ['a paired tag written standalone', 'a <x1/> b', 'tag-kind', 2, '<x1/>'],
    ['positions count code points, not UTF-16 units', '𝕏𝕏 <g9>a</g9>', 'tag-not-in-source', 3, '<g9>'],
  ])(
    'when %s, then the save is refused with a ValidationError at that code point and nothing is stored',
    async (_what, text, problem, position, markup) => {
      const f = await setUp();
      const error = await f.review.saveTranslation({ ...ref(f, 1), text, baseRevision: 0, actor: translator }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details).toEqual([problem, `position:${position}`]);
      expect((error as ValidationError).message).toContain(`${markup} at character ${position + 1} `);
      // The imported row is still untranslated: nothing of the refused text was stored.
      expect(await storedText(f, 1)).toBe('');
    },
  );

  it('when a tag is typed into a segment that has none (the title), then the save is refused', async () => {
    const f = await setUp();
    const error = await f.review
      .saveTranslation({ ...ref(f, 0), text: 'Inflation <x1/>', baseRevision: 0, actor: translator })
      .catch((e: unknown) => e);
    expect((error as ValidationError).details).toEqual(['tag-not-in-source', 'position:10']);
  });

  it('when submit carries malformed text, then it is refused the same way and the row stays untranslated', async () => {
    const f = await setUp();
    await expect(f.review.submit({ ...ref(f, 1), text: 'a <g1>b', actor: translator })).rejects.toThrow(
      /<g1> at character 3 is never closed/,
    );
    expect(await storedText(f, 1)).toBe('');
  });
});

describe('a machine draft that breaks the markup is applied, flagged, and cannot be approved unnoticed', () => {
  it.each([
    ['Inflation is < 5%, <g1>low</g1> <g2>KOSTAT</g2> <x3/>', { problem: 'stray-lt', position: 13, markup: '<' }],
    ['Inflation is <b>low</b> <g1>a</g1> <g2>b</g2> <x3/>', { problem: 'unknown-markup', position: 13, markup: '<b>' }],
    ['AT&T <g1>a</g1> <g2>b</g2> <x3/>', { problem: 'bad-entity', position: 2, markup: '&' }],
    ['a&nbsp;b <g1>a</g1> <g2>b</g2> <x3/>', { problem: 'bad-entity', position: 1, markup: '&nbsp;' }],
    ['<g1>a<g2>b</g1></g2> <x3/>', { missing: [], extra: [], unbalanced: ['</g1>', '<g1>'] }],
  ])('when DeepL returns "%s", then inline-tags reports %j and approval needs an override', async (draft, detail) => {
    const f = await setUp();
    const { outcome, translation } = await f.review.applyMachineDraft({ ...ref(f, 1), text: draft, expectedRevision: 0 });
    expect(outcome).toBe('applied');
    const stored = (await f.storage.articles.get(SLUG as never))!.translations.find((t) => t.segmentId === translation.segmentId)!;
    expect(stored.text).toBe(draft);
    expect(stored.checks?.find((c) => c.checkId === 'inline-tags')).toMatchObject({ severity: 'error', detail });
    // `tandem check` reads the same checks.
    const report = await f.checks.checkArticle(SLUG, 'en');
    expect(
      report.segments.find((s) => s.segmentId === translation.segmentId)?.results.find((r) => r.checkId === 'inline-tags')?.detail,
    ).toEqual(detail);
    await f.review.submit({ ...ref(f, 1), actor: translator });
    await expect(f.review.approve({ ...ref(f, 1), actor: reviewer })).rejects.toThrow(/inline-tags/);
  });
});

// ---- Properties ------------------------------------------------------------------------------------------------

const PARA_TAGS = ['<g1>', '</g1>', '<g2>', '</g2>', '<x3/>'];
const STRAYS = ['<', '&', '>', ';', '#', '&lt;', '&amp;', '&#60;', '&#0;', '&nbsp;', '<b>', '</b>', '<g1/>', '<g9>', '</g9>', '<x1/>', ' '];
const words = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '%', '5', 'x', '1', '가', '𝕏', '/', '"'), maxLength: 6 });
/** Random text with random tags drawn from the source's tags and stray markup between the words. */
const translation = (tags: readonly string[]) =>
  fc.array(fc.oneof(words, fc.constantFrom(...tags, ...STRAYS)), { maxLength: 12 }).map((parts) => `T ${parts.join('')}`);

describe('properties', () => {
  it('for random typed translations, either the save is refused with the position or, once approved, the locale publishes', async () => {
    const outcomes = { refused: 0, published: 0 };
    await fc.assert(
      fc.asyncProperty(translation([]), translation(PARA_TAGS), async (title, para) => {
        const f = await setUp();
        try {
          const saved = [];
          for (const [which, text] of [
            [0, title],
            [1, para],
          ] as const) {
            try {
              saved.push(await f.review.submit({ ...ref(f, which), text, actor: translator }));
            } catch (error) {
              expect(error).toBeInstanceOf(ValidationError);
              expect((error as ValidationError).message).toMatch(/ at character \d+ .*; /);
              expect((error as ValidationError).details[1]).toMatch(/^position:\d+$/);
              outcomes.refused++;
              return;
            }
          }
          // Saved text never carries a fault the rebuilder would refuse.
          for (const t of saved) expect(t.checks?.find((c) => c.checkId === 'inline-tags' && 'problem' in c.detail)).toBeUndefined();
          for (const which of [0, 1] as const)
            await f.review.approve({ ...ref(f, which), actor: reviewer, overrideReason: 'property test' });
          const result = await f.publish.publish({ slug: SLUG, locale: 'en', actor: editor });
          expect(result.status).toBe('published');
          outcomes.published++;
        } finally {
          fixtures.splice(fixtures.indexOf(f), 1);
          await f.close();
        }
      }),
      { numRuns: 150 },
    );
    // Both branches of the property were exercised.
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.published).toBeGreaterThan(0);
  });

  it('for random machine drafts, the rebuilder accepts every text the validation accepts (so a passing inline-tags check means publishable)', async () => {
    const f = await setUp();
    const record = (await f.storage.articles.get(SLUG as never))!;
    const tags = f.segments[1]!.tags;
    let accepted = 0;
    fc.assert(
      fc.property(translation(PARA_TAGS), (draft) => {
        const valid = validateSegmentText(draft, tags) === null;
        let rebuilt = true;
        try {
          markdownRebuilder.rebuild(record.article.document, ['Title', draft]);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          rebuilt = false;
        }
        if (valid) {
          accepted++;
          expect(rebuilt).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('a flagged machine draft sent back unchanged', () => {
  it('when the draft with a stray "<" is submitted and approved as shown, then neither takes it for an edit', async () => {
    const f = await setUp();
    const draft = 'Inflation is < 5%, <g1>low</g1> <g2>KOSTAT</g2> <x3/>';
    await f.review.applyMachineDraft({ ...ref(f, 1), text: draft, expectedRevision: 0 });
    const submitted = await f.review.submit({ ...ref(f, 1), text: draft, actor: translator });
    expect(submitted).toMatchObject({ state: 'submitted', revision: 2, text: draft });
    const approved = await f.review.approve({
      ...ref(f, 1),
      baseRevision: 2,
      text: draft,
      actor: reviewer,
      overrideReason: 'checked by hand',
    });
    expect(approved).toMatchObject({ state: 'approved', text: draft });
  });

  it('when a person edits the flagged draft, then the save escapes its stray "<" and the check passes', async () => {
    const f = await setUp();
    const draft = 'Inflation is < 5%, <g1>low</g1> <g2>KOSTAT</g2> <x3/>';
    await f.review.applyMachineDraft({ ...ref(f, 1), text: draft, expectedRevision: 0 });
    const saved = await f.review.saveTranslation({ ...ref(f, 1), text: `${draft}.`, baseRevision: 1, actor: translator });
    expect(saved.text).toBe('Inflation is &lt; 5%, <g1>low</g1> <g2>KOSTAT</g2> <x3/>.');
    const stored = (await f.storage.articles.get(SLUG as never))!.translations.find((t) => t.segmentId === saved.segmentId)!;
    expect(stored.checks?.find((c) => c.checkId === 'inline-tags')).toBeUndefined();
  });
});
