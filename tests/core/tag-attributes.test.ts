import { describe, expect, it } from 'vitest';
import type { InlineTag } from '../../src/core/model.ts';
import { carriedTagTexts } from '../../src/core/tag-attributes.ts';

describe('carriedTagTexts', () => {
  it.each<[string, Record<string, InlineTag>, string[]]>([
    [
      'a link title (translated as a link-title segment)',
      { 1: { type: 'g', node: 'link', attrs: { url: 'https://x.org', title: '김영수' } } },
      [],
    ],
    [
      'an inline image: its title is carried, its alt text is translated',
      { 1: { type: 'x', node: 'image', attrs: { url: 'a.png', title: '김영수 촬영', alt: '국경' } } },
      ['김영수 촬영'],
    ],
    ['inline code', { 1: { type: 'x', node: 'inlineCode', attrs: { value: 'kim_yongsu.csv' } } }, ['kim_yongsu.csv']],
    [
      'raw inline HTML',
      { 1: { type: 'x', node: 'html', attrs: { value: '<abbr title="김영수">KYS</abbr>' } } },
      ['<abbr title="김영수">KYS</abbr>'],
    ],
    [
      'a URL, emphasis and a break',
      {
        1: { type: 'g', node: 'link', attrs: { url: 'https://x.org/kim', title: null } },
        2: { type: 'g', node: 'strong' },
        3: { type: 'x', node: 'break' },
      },
      [],
    ],
    ['a blank title', { 1: { type: 'x', node: 'image', attrs: { url: 'a.png', title: '  ', alt: null } } }, []],
  ])('when the tags hold %s, then the carried texts are %j', (_case, tags, carried) => {
    expect(carriedTagTexts(tags)).toEqual(carried);
  });
});
