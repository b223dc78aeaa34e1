import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linksIn, urlsCheck } from '../../src/checks/urls.ts';
import { KO_EN } from './ctx.ts';

describe('urls check', () => {
  it.each([
    ['자세한 내용은 https://www.dailynk.com/ 참조.', 'See https://www.dailynk.com/ for details.'],
    ['문의: news@dailynk.com', 'Contact: news@dailynk.com.'],
    ['홈페이지(www.example.org)에서', 'on the website (www.example.org)'],
    ['링크 없음', 'No link'],
  ])('when "%s" → "%s", then it passes', (source, target) => {
    expect(urlsCheck.run(source, target, KO_EN)).toBeNull();
  });

  it.each([
    [
      'https://www.dailynk.com/korean 참조',
      'See https://www.dailynk.com/english',
      { missing: ['https://www.dailynk.com/korean'], extra: ['https://www.dailynk.com/english'] },
    ],
    ['문의: news@dailynk.com', 'Contact us by e-mail.', { missing: ['news@dailynk.com'], extra: [] }],
    ['기사', 'Article at http://spam.example', { missing: [], extra: ['http://spam.example'] }],
  ])('when "%s" → "%s", then it reports %j', (source, target, detail) => {
    expect(urlsCheck.run(source, target, KO_EN)).toEqual(detail);
  });

  it.each([
    ['Hangul', '가'.repeat(20_000)],
    ['digits', '1'.repeat(20_000)],
    ['dotted letters', `${'a.'.repeat(10_000)}`],
  ])('when a 20,000-character target is one run of %s without an address, then it is checked at once', (_name, target) => {
    const started = process.cpuUsage();
    expect(urlsCheck.run('주소 없음', target, KO_EN)).toBeNull();
    const used = process.cpuUsage(started);
    // Generous: the e-mail pattern used to rescan the run from each character (11 s for the Hangul run).
    expect((used.user + used.system) / 1000).toBeLessThan(500);
  });
});

describe('linksIn', () => {
  // The patterns linksIn used to run, right but quadratic on long words: a reference on short texts.
  const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'“”()（）「」]+/giu;
  const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
  const reference = (text: string): string[] => [
    ...[...text.matchAll(URL)].map((m) => m[0].replace(/[.,;:!?。、，]+$/u, '')),
    ...[...text.replace(URL, ' ').matchAll(EMAIL)].map((m) => m[0]),
  ];
  const pieces = [...'a가1.@-_ %+,!?:/', 'http://', 'www.', 'news@dailynk.com'];

  it('when a short text mixes letters, dots, @ and URL starts, then it finds what the reference patterns find', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(linksIn(text)).toEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a@b.c@d.e', ['a@b.c']],
    ['mail x.y@example.co.kr.', ['x.y@example.co.kr']],
    ['see https://example.com/a.b...', ['https://example.com/a.b']],
  ])('when the text is "%s", then the links are %j', (text, links) => {
    expect(linksIn(text)).toEqual(links);
  });
});
