import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentBlocks, documentDiff, wordDiff, type DiffPart } from '../../src/services/version-diff.ts';

const changed = (parts: readonly DiffPart[]) => parts.filter((p) => p.changed).map((p) => p.text);
const joined = (parts: readonly DiffPart[]) => parts.map((p) => p.text).join('');

describe('word-level diff in the language of the text', () => {
  it.each([
    ['en', 'Rice prices rose 18% in a month.', 'Rice prices rose 21% in a month.', ['18'], ['21']],
    ['en', 'The market was calm.', 'The central market was calm today.', [], ['central ', ' today']],
    ['ko', '평양 장마당 쌀값이 18% 올랐다.', '평양 장마당 쌀값이 21% 올랐다.', ['18'], ['21']],
    ['ko', '당국은 양곡판매소를 늘렸다.', '당국은 양곡판매소를 크게 늘렸다.', [], ['크게 ']],
    ['ja', '東京の米価が上がった。', '大阪の米価が上がった。', ['東京'], ['大阪']],
    ['zh-Hans', '平壤的米价上涨了。', '平壤的油价上涨了。', ['米价'], ['油价']],
  ])('when a %s sentence changes, then only the changed words are marked', (locale, before, after, removed, added) => {
    const diff = wordDiff(before, after, locale);
    expect(joined(diff.before)).toBe(before);
    expect(joined(diff.after)).toBe(after);
    expect(changed(diff.before)).toEqual(removed);
    expect(changed(diff.after)).toEqual(added);
  });

  it('for any two texts in any of the languages, each side joins back to exactly its text', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', '쌀', '값', '米', '価', 'が', '\n'), maxLength: 40 });
    fc.assert(
      fc.property(text, text, fc.constantFrom('en', 'ko', 'ja', 'zh-Hans'), (before, after, locale) => {
        const diff = wordDiff(before, after, locale);
        expect(joined(diff.before)).toBe(before);
        expect(joined(diff.after)).toBe(after);
      }),
    );
  });

  it('when a Japanese word changes, then the unchanged words around it are not marked (not a whole-line change)', () => {
    const diff = wordDiff('東京の米価が上がった。', '大阪の米価が上がった。', 'ja');
    expect(
      diff.after
        .filter((p) => !p.changed)
        .map((p) => p.text)
        .join(''),
    ).toBe('の米価が上がった。');
  });
});

describe('documents aligned block by block', () => {
  const older = '---\ntitle: Rice\nversion: 1\n---\n\nFirst paragraph.\n\nSecond paragraph here.\n\nThird.\n';
  const newer = '---\ntitle: Rice\nversion: 2\n---\n\nFirst paragraph.\n\nSecond paragraph there.\n\nA new one.\n\nThird.\n';

  it('when split, then each front matter line and each paragraph is a block', () => {
    expect(documentBlocks(older)).toEqual(['title: Rice', 'version: 1', 'First paragraph.', 'Second paragraph here.', 'Third.']);
  });

  it('when compared, then unchanged blocks are same, an edited one is changed word by word and a new one is added', () => {
    const rows = documentDiff(older, newer, 'en');
    expect(rows.map((r) => r.kind)).toEqual(['same', 'changed', 'same', 'changed', 'added', 'same']);
    expect(changed(rows[1]!.before)).toEqual(['1']);
    expect(changed(rows[3]!.after)).toEqual(['there']);
    expect(rows[4]).toEqual({ kind: 'added', before: [], after: [{ text: 'A new one.', changed: true }] });
  });

  it('when a paragraph is removed, then its row has an empty after side', () => {
    const rows = documentDiff('One.\n\nTwo.\n\nThree.', 'One.\n\nThree.', 'en');
    expect(rows.map((r) => r.kind)).toEqual(['same', 'removed', 'same']);
    expect(rows[1]!.after).toEqual([]);
  });
});
