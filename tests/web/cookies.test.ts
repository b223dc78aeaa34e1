import { describe, expect, it } from 'vitest';
import { parseCookies } from '../../src/web/cookies.ts';

describe('parseCookies', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['a=1; b=2', { a: '1', b: '2' }],
    ['a=1; a=2', { a: '1' }],
    ['lang="ko"', { lang: 'ko' }],
    ['name=%EA%B9%80', { name: '김' }],
    ['bad=%E0%A4%A', { bad: '%E0%A4%A' }],
    ['novalue; =x; ok=y', { ok: 'y' }],
  ])('when the header is %j, then the cookies are %j', (header, expected) => {
    expect({ ...parseCookies(header) }).toEqual(expected);
  });
});
