import { describe, expect, it } from 'vitest';
import type { XliffImportReport, XliffRefusal } from '../../src/services/xliff-exchange.ts';
import { createI18n } from '../../src/web/i18n.ts';
import { xliffReportView } from '../../src/web/views/xliff/report.ts';

/**
 * The XLIFF report words each refused unit in the reader's language: a unit whose inline tags differ names the tag
 * lists, never the service's English `detail` (which `tandem xliff import` prints) or the parser's words.
 */

const i18n = createI18n();

function render(lng: string, refusal: XliffRefusal['refusal']): string {
  const report: XliffImportReport = {
    file: 'agency.xlf',
    version: '1.2',
    locale: 'en',
    agency: 'Lingo',
    applied: 0,
    approved: 0,
    unchanged: 0,
    refused: [{ slug: 'market-prices', unitId: 's-0001', line: 12, refusal }],
    notApproved: [],
  };
  const ctx = { t: i18n.getFixedT(lng), lng, user: undefined, csrfToken: '', url: '/', uiLanguages: ['en', 'ko'] };
  return xliffReportView(ctx, { shown: { report, back: null }, refusal: null }).toString();
}

const ENGLISH_DETAIL = /the source has|the target <|unclosed|expected/;

describe('an XLIFF unit refused for its inline tags', () => {
  it.each([
    ['en', 'the source has &lt;g1&gt;&lt;/g1&gt;&lt;x2/&gt;, the target &lt;x2/&gt;'],
    ['ko', '원문: &lt;g1&gt;&lt;/g1&gt;&lt;x2/&gt;, 번역문: &lt;x2/&gt;'],
  ])('when the report is read in %s, then the tag lists are worded in it', (lng, words) => {
    const page = render(lng, {
      code: 'tags',
      detail: 'the source has <g1></g1><x2/>, the target <x2/>',
      source: '<g1></g1><x2/>',
      target: '<x2/>',
    });
    expect(page).toContain(words);
    if (lng === 'ko') expect(page).not.toMatch(ENGLISH_DETAIL);
  });

  it('when the target has no tags, then "none" is said in the reader language', () => {
    const page = render('ko', { code: 'tags', detail: 'the source has <x1/>, the target none', source: '<x1/>', target: '' });
    expect(page).toContain('번역문: 없음');
  });

  it('when the tags could not be read at all, then the parser’s English is not shown', () => {
    const page = render('ko', { code: 'tags', detail: 'unclosed <g1> at offset 4, expected </g1>' });
    expect(page).toContain('인라인 태그를 읽을 수 없습니다.');
    expect(page).not.toMatch(ENGLISH_DETAIL);
  });
});
