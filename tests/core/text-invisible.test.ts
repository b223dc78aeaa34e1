import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryTranslationMemoryStore } from '../../src/adapters/storage/in-memory/translation-memory-store.ts';
import { matchForm } from '../../src/core/fuzzy-index.ts';
import { ignorablesInsideWords, stripIgnorablesOutsideEmoji } from '../../src/core/segment-text.ts';
import { matchTokens, normalizeForMatch, sourceHash } from '../../src/core/text.ts';
import { MemoryService } from '../../src/services/memory.ts';

describe('source hashes and invisible characters', () => {
  // Values computed before ignorables were removed from the matching form: stored hashes stay valid.
  it.each([
    ['장마당에서 쌀을 샀다.', '76acfeb43dac8003f3182da9d5e9a7f7'],
    ['가족 <g1>👨‍👩‍👧</g1> ❤️ 1️⃣ 🏴󠁧󠁢󠁳󠁣󠁴󠁿', 'ff8e578f7903cfa20f249e2793373948'],
  ])('when the text %j has no ignorables outside emoji, then its hash is unchanged', (text, hash) => {
    expect(sourceHash(text)).toBe(hash);
  });

  it.each(['\u200B', '\u200E', '\u2063', '\u034F', '\u3164', '\uFE00', '\u00AD', '\uFEFF'])(
    'when U+%s sits inside a word, then the text matches and hashes as the visible text',
    (ch) => {
      const visible = '장마당에서 쌀을 샀다.';
      const hidden = `장마${ch}당에서 쌀을${ch} 샀다.${ch}`;
      expect(normalizeForMatch(hidden)).toBe(normalizeForMatch(visible));
      expect(sourceHash(hidden)).toBe(sourceHash(visible));
      expect(matchForm(hidden)).toBe(matchForm(visible));
    },
  );

  it('when any text mixes tags, whitespace, ignorables and emoji, then normalizeForMatch is matchTokens joined with folded tags', () => {
    // The token-by-token form every stored source hash was computed with.
    const folded = { open: '<g>', close: '</g>', standalone: '<x/>' } as const;
    const reference = (text: string) =>
      matchTokens(text)
        .map((t) => (t.type === 'text' ? t.text : folded[t.type]))
        .join('');
    const pieces = ['<g1>', '</g1>', '<x2/>', '<g', ' ', '  ', '\n', '\r\n', '\t', '\u00A0', '\u3000', '\u200B', '\u200D'];
    pieces.push('\uFE0F', '\uFEFF', '\u00AD', '\u20E3', '❤', '👨', '1', '#', 'a', '가', 'e\u0301', '<', '>', '&amp;');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), (parts) => {
        const text = parts.join('');
        expect(normalizeForMatch(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('when emoji are built with joiners and selectors, then those stay', () => {
    expect(stripIgnorablesOutsideEmoji('👨\u200D👩 ❤\uFE0F 1\uFE0F\u20E3 1\u200B2')).toBe('👨\u200D👩 ❤\uFE0F 1\uFE0F\u20E3 12');
  });
});

describe('translation memory and invisible characters', () => {
  it('when a source differs from a stored one only by invisible characters, then the lookup is exact', async () => {
    const memory = new MemoryService({ store: new InMemoryTranslationMemoryStore() });
    await memory.recordApproval({
      slug: 'jangmadang',
      segmentId: 's-1',
      sourceLocale: 'ko',
      targetLocale: 'en',
      source: '장마당에서 쌀을 샀다.',
      target: 'Bought rice at the market.',
      approvedBy: 'lee',
    });
    const [match] = await memory.lookup('장\u200B마당에서\u00AD 쌀을 샀다.\u200E', { targetLocale: 'en' });
    expect(match).toMatchObject({ score: 100, exact: true, text: 'Bought rice at the market.' });
  });
});

describe('ignorablesInsideWords', () => {
  it.each([
    ['김\u200B철민', ['U+200B']],
    ['김\u200E\u2063철민 and Ki\u00ADm', ['U+200E', 'U+2063', 'U+00AD']],
    ['\u200B김철민\u200B 했다.\u200B', []],
    ['👨\u200D👩', []],
    ['plain text', []],
  ])('when the text is %j, then it reports %j', (text, found) => {
    expect(ignorablesInsideWords(text)).toEqual(found);
  });
});
