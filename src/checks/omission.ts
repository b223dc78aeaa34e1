import type { Locale } from '../core/locale.ts';
import type { Check } from '../core/ports/check.ts';
import { plainText } from '../core/segment-text.ts';
import { contentLength, sentences } from '../core/sentences.ts';
import { language } from './language.ts';

/** What a translation into a language is expected to hold, per content character of a Korean source. */
export interface OmissionRatio {
  /** Content characters (letters and digits, core/sentences.ts `contentLength`) per content character of the source. */
  readonly ratio: number;
  /** Below this share of the expected length, a translation is shorter than any complete one measured. */
  readonly floor: number;
}

/**
 * Measured on tests/fixtures/checks/news-translations.ts: every segment of content/ko with 20 or more characters,
 * translated in full into en, ja and zh-Hans (tests/checks/omission-corpus.test.ts recomputes the figures). `ratio` is
 * the median ratio of content characters (en 2.51, ja 1.15, zh 0.82); `floor` is the lowest share of the expected
 * length among segments of 40 or more source characters (en 0.74, ja 0.86, zh 0.85), less 0.1, rounded down to 0.05.
 * English restructures most freely, so its floor is the lowest. Other pairs among these languages go through Korean.
 */
export const OMISSION_RATIOS: Readonly<Record<string, OmissionRatio>> = {
  'ko-en': { ratio: 2.5, floor: 0.6 },
  'ko-ja': { ratio: 1.15, floor: 0.75 },
  'ko-zh': { ratio: 0.8, floor: 0.75 },
};
/** Below this many source content characters a length says nothing (a name, a date line, a tag). */
export const OMISSION_MIN_SOURCE_CHARS = 20;
/**
 * A shortfall under this many source content characters (two or three Korean words) is never reported: short
 * segments vary most, and a few words less is style, not omission.
 */
export const OMISSION_SLACK_CHARS = 10;

/** The expected ratio of a language pair: measured from Korean, inverted into Korean, or through Korean; null when unmeasured. */
export function omissionRatio(sourceLocale: Locale, targetLocale: Locale): OmissionRatio | null {
  const fromKorean = (lang: string) => (lang === 'ko' ? { ratio: 1, floor: 1 } : OMISSION_RATIOS[`ko-${lang}`]);
  const s = fromKorean(language(sourceLocale));
  const t = fromKorean(language(targetLocale));
  if (!s || !t) return null;
  return { ratio: t.ratio / s.ratio, floor: Math.min(s.floor, t.floor) };
}

/** Sentences of both sides and the target's length as a share (0–1, two decimals) of what the pair leads one to expect. */
type OmissionDetail = { sourceSentences: number; targetSentences: number; share: number };

/**
 * The translation holds much less than its source: a dropped sentence, a summary instead of a translation. Compares
 * content characters against the pair's expected ratio (OMISSION_RATIOS) and sentence counts (core/sentences.ts).
 * Reported when the target is below the pair's floor, or has fewer sentences and is below the midpoint between the
 * floor and the expected length; never for a shortfall under OMISSION_SLACK_CHARS. A warning: translators merge
 * sentences and condense on purpose, so this asks for a look rather than blocking approval.
 */
export const omissionCheck = {
  id: 'omission',
  name: 'omission.name',
  description: 'omission.description',
  severity: 'warning',
  run(source, target, ctx) {
    const expectedRatio = omissionRatio(ctx.sourceLocale, ctx.targetLocale);
    if (!expectedRatio || target.trim() === '') return null;
    const src = plainText(source);
    const tgt = plainText(target);
    const srcChars = contentLength(src);
    if (srcChars < OMISSION_MIN_SOURCE_CHARS) return null;
    const expected = srcChars * expectedRatio.ratio;
    const tgtChars = contentLength(tgt);
    if (expected - tgtChars <= OMISSION_SLACK_CHARS * expectedRatio.ratio) return null;
    const share = tgtChars / expected;
    const sourceSentences = sentences(src, ctx.sourceLocale).length;
    const targetSentences = sentences(tgt, ctx.targetLocale).length;
    const dropped = targetSentences < sourceSentences && share < (1 + expectedRatio.floor) / 2;
    if (share >= expectedRatio.floor && !dropped) return null;
    return { sourceSentences, targetSentences, share: Math.floor(share * 100) / 100 };
  },
  describe(detail, t) {
    // A detail of another shape (stored by an older version) gets the shared "cannot read" sentence.
    if (![detail.share, detail.sourceSentences, detail.targetSentences].every(Number.isFinite)) return '';
    const percent = Math.round(detail.share * 100);
    return detail.targetSentences < detail.sourceSentences
      ? t('checks:omission.sentences', { source: detail.sourceSentences, target: detail.targetSentences, percent })
      : t('checks:omission.content', { percent });
  },
  examples: [
    {
      source: '북한 당국이 장마당 단속을 강화했다. 상인들은 물건을 숨기고 있다고 소식통이 전했다.',
      target: 'North Korean authorities have stepped up their crackdown on the markets.',
    },
    {
      source: '양강도 혜산의 구류장에서 41일 동안 조사를 받았다는 탈북민은 하루 열여덟 시간을 무릎 꿇고 앉아 있어야 했다고 말했다.',
      target: '脱北者が拘留場での経験を語った。',
      ctx: { targetLocale: 'ja' },
    },
  ],
} satisfies Check<OmissionDetail>;
