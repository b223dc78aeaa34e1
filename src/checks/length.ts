import type { Check } from '../core/ports/check.ts';
import { plainText } from '../core/segment-text.ts';
import { language } from './language.ts';
import { omissionRatio } from './omission.ts';

/**
 * Acceptable target/source length ratios in characters, per language pair. Hangul packs a syllable into one character,
 * so English runs about 2–3 times the Korean length, Japanese about the same, Chinese shorter. Measured on news
 * sentences; the bounds are wide on purpose: this check catches dropped sentences and runaway output, not style.
 */
export const LENGTH_RATIO_LIMITS: Readonly<Record<string, { readonly min: number; readonly max: number }>> = {
  'ko-en': { min: 1.0, max: 5.0 },
  'ko-ja': { min: 0.6, max: 2.2 },
  'ko-zh': { min: 0.35, max: 1.6 },
  'en-ko': { min: 0.2, max: 1.0 },
};
export const DEFAULT_LENGTH_RATIO = { min: 0.33, max: 3.0 } as const;
/** Below this many source characters a ratio says nothing (a name, a date line). */
export const LENGTH_MIN_SOURCE_CHARS = 20;

/** The number of code points of a text, counted without splitting it into an array. */
function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A low surrogate after a high one is the second half of a code point already counted.
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) n += 1;
  }
  return n;
}

/**
 * The target is far longer or shorter than the source for this language pair (limits in LENGTH_RATIO_LIMITS); too
 * short only for pairs the omission check has no measured ratio for.
 */
export const lengthCheck = {
  id: 'length',
  name: 'length.name',
  description: 'length.description',
  severity: 'warning',
  run(source, target, ctx) {
    const src = codePoints(plainText(source).trim());
    const tgt = codePoints(plainText(target).trim());
    if (src < LENGTH_MIN_SOURCE_CHARS || tgt === 0) return null;
    const limits = LENGTH_RATIO_LIMITS[`${language(ctx.sourceLocale)}-${language(ctx.targetLocale)}`] ?? DEFAULT_LENGTH_RATIO;
    const ratio = Math.round((tgt / src) * 100) / 100;
    // Too short is the omission check's wherever it has measured the pair (sentences and content, omission.ts), so the
    // two never report one text; elsewhere this ratio is all there is.
    const tooShort = ratio < limits.min && omissionRatio(ctx.sourceLocale, ctx.targetLocale) === null;
    return tooShort || ratio > limits.max ? { ratio, min: limits.min, max: limits.max } : null;
  },
  describe(detail, t) {
    if (![detail.ratio, detail.min, detail.max].every(Number.isFinite)) return '';
    return t(detail.ratio < detail.min ? 'checks:length.short' : 'checks:length.long', {
      ratio: detail.ratio,
      min: detail.min,
      max: detail.max,
    });
  },
  examples: [
    // Too short is the omission check's for measured pairs; German is not measured.
    { source: '평양 장마당에서 쌀값이 크게 올랐다고 주민들이 전했다.', target: 'Reis.', ctx: { targetLocale: 'de' } },
    {
      source: '평양 장마당에서 쌀값이 크게 올랐다.',
      target:
        'Residents of Pyongyang say that the price of rice at the jangmadang, the informal markets that grew up after the famine of the 1990s, rose sharply this month, far beyond what the state shops charge.',
    },
  ],
} satisfies Check<{ ratio: number; min: number; max: number }>;
