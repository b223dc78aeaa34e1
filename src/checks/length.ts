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
    const src = [...plainText(source).trim()].length;
    const tgt = [...plainText(target).trim()].length;
    if (src < LENGTH_MIN_SOURCE_CHARS || tgt === 0) return null;
    const limits = LENGTH_RATIO_LIMITS[`${language(ctx.sourceLocale)}-${language(ctx.targetLocale)}`] ?? DEFAULT_LENGTH_RATIO;
    const ratio = Math.round((tgt / src) * 100) / 100;
    // Too short is the omission check's wherever it has measured the pair (sentences and content, omission.ts), so the
    // two never report one text; elsewhere this ratio is all there is.
    const tooShort = ratio < limits.min && omissionRatio(ctx.sourceLocale, ctx.targetLocale) === null;
    return tooShort || ratio > limits.max ? { ratio, min: limits.min, max: limits.max } : null;
  },
} satisfies Check<{ ratio: number; min: number; max: number }>;
