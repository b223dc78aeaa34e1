import { describe, expect, it } from 'vitest';
import { xliffError } from '../../src/adapters/formats/xliff-tree.ts';
import { userMessage } from '../../src/web/error-messages.ts';
import { createI18n } from '../../src/web/i18n.ts';

// The XML parser's English ("no <xliff> element; is this an XLIFF file?", "Unexpected close tag") was put into the
// translated sentence, so a Korean reviewer importing a wrong file on the review page read developer English.
describe('an unreadable XLIFF file, as a person reads it', () => {
  const i18n = createI18n();

  it('when the file is not XLIFF, then the Korean sentence names the line and holds no parser English', () => {
    const error = xliffError('not well-formed XML: Unexpected close tag', 'agency.xlf', 15);
    const ko = userMessage(error, i18n.getFixedT('ko'), 'ko')!;
    expect(ko).toContain('15');
    expect(ko.replace(/Tandem/g, '')).not.toMatch(/[A-Za-z]{2,}/);
    const en = userMessage(error, i18n.getFixedT('en'), 'en')!;
    expect(en).not.toMatch(/Unexpected close tag/);
    expect(en).toContain('15');
  });

  it('when no line is known, then the sentence still reads without a placeholder or parser text', () => {
    const ko = userMessage(xliffError('no <xliff> element; is this an XLIFF file?', 'x.xlf'), i18n.getFixedT('ko'), 'ko')!;
    expect(ko).not.toMatch(/\{\{|is this/);
  });
});
