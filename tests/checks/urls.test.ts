import { describe, expect, it } from 'vitest';
import { urlsCheck } from '../../src/checks/urls.ts';
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
