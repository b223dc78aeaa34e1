import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { foldForComparison, isIgnorable } from '../../../src/core/segment-text.ts';
import { addConfidentialTerm } from '../../../src/services/confidential.ts';
import { article, startRig, type Rig } from '../../fake-deepl/setup.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

// One code point of every class of the segment-text definition of ignorable.
const CLASSES: readonly (readonly [string, number])[] = [
  ['soft hyphen', 0x00ad],
  ['combining grapheme joiner', 0x034f],
  ['Arabic letter mark', 0x061c],
  ['Hangul choseong filler', 0x115f],
  ['Hangul jungseong filler', 0x1160],
  ['Mongolian free variation selector', 0x180b],
  ['zero-width space', 0x200b],
  ['zero-width non-joiner', 0x200c],
  ['zero-width joiner', 0x200d],
  ['left-to-right mark', 0x200e],
  ['right-to-left mark', 0x200f],
  ['right-to-left override', 0x202e],
  ['word joiner', 0x2060],
  ['invisible separator', 0x2063],
  ['first strong isolate', 0x2068],
  ['Hangul filler', 0x3164],
  ['variation selector', 0xfe00],
  ['variation selector 16', 0xfe0f],
  ['byte order mark', 0xfeff],
  ['halfwidth Hangul filler', 0xffa0],
  ['musical symbol begin beam', 0x1d173],
  ['tag character', 0xe0041],
  ['variation selector supplement', 0xe0100],
];

const GLOBAL_NAME = '김철민';
const FRONT_MATTER_NAME = 'Kim Chol-min';
const FOLDED = [GLOBAL_NAME, FRONT_MATTER_NAME].map((n) => foldForComparison(n).replace(/\s+/g, ''));

/** Every request body the fake server received since `from`, decoded, folded as text is compared, spaces removed. */
function foldedBodies(from: number): string[] {
  return rig!.fake.requests.slice(from).map((r) => {
    const decoded = r.headers['content-type']?.includes('json') ? r.body : decodeURIComponent(r.body.replace(/\+/g, ' '));
    return foldForComparison(decoded).replace(/\s+/g, '');
  });
}

function insertAt(name: string, at: number, inserted: string): string {
  const chars = [...name];
  return [...chars.slice(0, at), inserted, ...chars.slice(at)].join('');
}

async function translateArticle(slug: string, paragraphs: readonly string[]): Promise<string[]> {
  const from = rig!.fake.requests.length;
  await rig!.import(slug, article('증언', paragraphs, `confidential: ["${FRONT_MATTER_NAME}"]\n`));
  await rig!.service.enqueue({ slugs: [slug], locales: ['en'], by: 'e' });
  await rig!.service.drain();
  // A text already translated in this process is answered from memory and sends nothing: no body, nothing to leak.
  return foldedBodies(from);
}

describe('confidential names with invisible characters never reach the MT service', () => {
  it('when any class of ignorable sits at any position inside a name, then no request body holds the name', async () => {
    rig = await startRig();
    await addConfidentialTerm({ settings: rig.mt.settings }, { term: GLOBAL_NAME, by: 'editor' });
    const paragraphs: string[] = [];
    for (const [, cp] of CLASSES) {
      expect(isIgnorable(cp)).toBe(true);
      for (const name of [GLOBAL_NAME, FRONT_MATTER_NAME]) {
        for (let at = 1; at < [...name].length; at++) paragraphs.push(`탈북민 ${insertAt(name, at, String.fromCodePoint(cp))}씨가 말했다.`);
      }
    }
    const bodies = await translateArticle('every-class', paragraphs);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) for (const name of FOLDED) expect(body).not.toContain(name);
    expect(rig.fake.textsReceived.join('\n')).toContain('<tdmc i="1"/>');
  });

  it('when names carry random ignorables, letter case and full-width forms, then no request body holds them', async () => {
    rig = await startRig();
    await addConfidentialTerm({ settings: rig.mt.settings }, { term: GLOBAL_NAME, by: 'editor' });
    const ignorable = fc
      .oneof(
        fc.constantFrom(...CLASSES.map(([, cp]) => cp)),
        fc.integer({ min: 0xe0000, max: 0xe0fff }),
        fc.integer({ min: 0xfe00, max: 0xfe0f }),
        fc.integer({ min: 0x200b, max: 0x200f }),
        fc.integer({ min: 0x2060, max: 0x206f }),
      )
      .filter(isIgnorable);
    // A letter as a newsroom might find it: any case, or full-width (`Ｋ`, `ｉ`, `－`).
    const letter = (ch: string) =>
      fc.constantFrom(ch, ch.toUpperCase(), ch.toLowerCase(), /[!-~]/.test(ch) ? String.fromCodePoint(ch.codePointAt(0)! + 0xfee0) : ch);
    const disguised = (name: string) =>
      fc
        .tuple(
          ...[...name].map((ch) =>
            fc.tuple(
              letter(ch),
              fc.array(
                ignorable.map((cp) => String.fromCodePoint(cp)),
                { maxLength: 3 },
              ),
            ),
          ),
        )
        .map((parts) => parts.map(([ch, invisible], i) => (i === 0 ? ch : invisible.join('') + ch)).join(''));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(disguised(GLOBAL_NAME), disguised(FRONT_MATTER_NAME)), { minLength: 1, maxLength: 6 }),
        async (names) => {
          const bodies = await translateArticle(
            `random-${++run}`,
            names.map((n) => `${n}은 무사하다고 ${n}의 가족이 전했다.`),
          );
          for (const body of bodies) for (const name of FOLDED) expect(body).not.toContain(name);
        },
      ),
      { numRuns: 25 },
    );
  });
});
