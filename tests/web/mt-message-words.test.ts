import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { DEEPL_CONFIG_HINT } from '../../src/adapters/mt/deepl.ts';
import { createI18n } from '../../src/web/i18n.ts';
import { messageDateTime, messageTime } from '../../src/web/intl-cache.ts';
import { mtMessage } from '../../src/web/mt-message.ts';

/**
 * The MT state's sentence is wholly in the reader's language: the provider's configuration hint is worded through
 * i18next (never the adapter's English "your DeepL API key"), and the retry time is a 24-hour UTC time with its zone
 * named (never ICU's English "AM" inside Korean).
 */

const i18n = createI18n();
/** What mtMessage reads of a request: its language and the i18next function bound to it. */
const requestIn = (language: string) => ({ language, t: i18n.getFixedT(language) }) as unknown as Request;

describe('the MT state message', () => {
  it.each([
    ['ko', 'DEEPL_AUTH_KEY(DeepL API 키)'],
    ['en', 'DEEPL_AUTH_KEY (your DeepL API key)'],
  ])('when MT is off and the page is read in %s, then the hint is worded in that language', (language, hint) => {
    const message = mtMessage(requestIn(language), { state: 'off', configHint: DEEPL_CONFIG_HINT });
    expect(message).toContain(hint);
    if (language !== 'en') expect(message).not.toMatch(/[A-Za-z]+ [A-Za-z]+ key/);
  });

  it('when two providers could be configured, then both are named, joined by the language’s “or”', () => {
    const message = mtMessage(requestIn('ko'), { state: 'off', configHint: `${DEEPL_CONFIG_HINT} or ACME_KEY (your Acme key)` });
    expect(message).toContain('DEEPL_AUTH_KEY(DeepL API 키) 또는 ACME_KEY');
    expect(message).not.toContain('your Acme key');
  });

  it.each([
    ['ko', '02:02 UTC에 다시 시도합니다.'],
    ['en', 'it tries again at 02:02 UTC.'],
  ])('when the provider fails and the page is read in %s, then the retry time is a UTC time with its zone', (language, tail) => {
    const message = mtMessage(requestIn(language), {
      state: 'retrying',
      configHint: DEEPL_CONFIG_HINT,
      nextRetryAt: '2026-12-02T02:02:00.000Z',
      retryReason: 'unavailable',
    });
    expect(message.endsWith(tail)).toBe(true);
    expect(message).not.toMatch(/\b[AP]M\b/);
  });

  it('when a time is formatted for a message, then it is the UTC time on a 24-hour clock whatever the language', () => {
    for (const language of ['ko', 'en', 'ja', 'zh-Hans']) {
      expect(messageTime(new Date('2026-12-02T14:05:00Z'), language)).toMatch(/^14:05 UTC$|^UTC 14:05$/);
      expect(messageDateTime(new Date('2026-12-02T14:05:00Z'), language)).toMatch(/2026.*(?:14:05 UTC|UTC 14:05)$/);
    }
  });
});
