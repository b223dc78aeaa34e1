import { describe, expect, it } from 'vitest';
import { separatesWordsWithSpaces } from '../../src/core/locale.ts';

describe('separatesWordsWithSpaces', () => {
  it.each([
    ['en', true],
    ['ko', true],
    ['fr', true],
    ['ru', true],
    ['ja', false],
    ['zh-Hans', false],
    ['zh', false],
    ['zh-TW', false],
    ['yue', false],
    ['th', false],
    ['my', false],
    ['not a tag!', true],
  ] as const)('when the locale is %s, then it is %s', (locale, spaced) => {
    expect(separatesWordsWithSpaces(locale)).toBe(spaced);
  });
});
