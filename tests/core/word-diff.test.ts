import { describe, expect, it } from 'vitest';
import { wordDiff, wordTokens } from '../../src/core/word-diff.ts';

describe('wordDiff', () => {
  it.each([
    [
      'en',
      'Prices rise again',
      'Prices rose again',
      [
        { op: 'equal', text: 'Prices ' },
        { op: 'delete', text: 'rise' },
        { op: 'insert', text: 'rose' },
        { op: 'equal', text: ' again' },
      ],
    ],
    [
      'ko',
      '장마당 물가 다시 올라',
      '장마당 쌀값 다시 올라',
      [
        { op: 'equal', text: '장마당 ' },
        { op: 'delete', text: '물가' },
        { op: 'insert', text: '쌀값' },
        { op: 'equal', text: ' 다시 올라' },
      ],
    ],
    ['en', 'same', 'same', [{ op: 'equal', text: 'same' }]],
  ] as const)('when %s text changes a word, then only that word is deleted and inserted', (locale, before, after, expected) => {
    expect(wordDiff(before, after, locale)).toEqual(expected);
  });

  it('when the text is Japanese without spaces, then words are still split so a diff stays small', () => {
    const tokens = wordTokens('市場の米価が上がった', 'ja');
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join('')).toBe('市場の米価が上がった');
    const parts = wordDiff('市場の米価が上がった', '市場の米価が下がった', 'ja');
    expect(parts[0]).toEqual({ op: 'equal', text: expect.stringContaining('市場の米価') });
  });

  it('when two long texts share almost nothing, then the diff is the old text deleted and the new one inserted, at once', () => {
    const before = Array.from({ length: 4_000 }, (_, i) => `w${i}`).join(' ');
    const after = Array.from({ length: 4_000 }, (_, i) => `x${i}`).join(' ');
    const started = process.cpuUsage();
    const parts = wordDiff(before, after, 'en');
    const used = process.cpuUsage(started);
    expect(parts).toEqual([
      { op: 'delete', text: before },
      { op: 'insert', text: after },
    ]);
    // Generous: the full diff of these two texts took seconds.
    expect((used.user + used.system) / 1000).toBeLessThan(1_000);
  });
});

describe('word diff over segment text with inline tags', () => {
  it.each([
    ['<g1>Rice</g1> rose', '<g2>Rice</g2> rose', ['<g1>', '</g1>'], ['<g2>', '</g2>']],
    ['Rice<x1/> rose', 'Rice rose', ['<x1/>'], []],
  ])('when %s becomes %s, then whole tags are deleted and inserted, never split', (before, after, deleted, inserted) => {
    const parts = wordDiff(before, after, 'en');
    expect(
      parts
        .filter((p) => p.op !== 'insert')
        .map((p) => p.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((p) => p.op !== 'delete')
        .map((p) => p.text)
        .join(''),
    ).toBe(after);
    const runs = (op: string) => parts.filter((p) => p.op === op).flatMap((p) => p.text.match(/<\/?[gx]\d+\/?>/g) ?? []);
    expect(runs('delete')).toEqual(deleted);
    expect(runs('insert')).toEqual(inserted);
    expect(wordTokens(before, 'en').join('')).toBe(before);
  });
});
