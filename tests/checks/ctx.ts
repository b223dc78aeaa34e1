import type { CheckContext } from '../../src/core/ports/check.ts';

export const KO_EN: CheckContext = { sourceLocale: 'ko', targetLocale: 'en' };
export const KO_JA: CheckContext = { sourceLocale: 'ko', targetLocale: 'ja' };
export const KO_ZH: CheckContext = { sourceLocale: 'ko', targetLocale: 'zh-Hans' };
