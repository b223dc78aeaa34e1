import type { Check } from '../core/ports/check.ts';
import { normalizeForMatch } from '../core/text.ts';
import { plainText } from '../core/segment-text.ts';
import { quoted, strings } from './describe.ts';
import { language } from './language.ts';

const HANGUL_RUN = /[\p{Script=Hangul}]+/gu;

type UntranslatedDetail = { reason: 'empty' } | { reason: 'identical' } | { reason: 'hangul'; hangul: string[] };

// A source worth translating: it has letters outside the Latin script, or is a Latin phrase of several words.
// Short Latin-only sources (`BTS`, `K-pop`, a URL) are legitimately kept as they are.
function needsTranslation(source: string): boolean {
  const plain = plainText(source, ' ');
  if (/[^\P{L}\p{Script=Latin}]/u.test(plain)) return true;
  let words = 0;
  for (const _ of plain.matchAll(/\p{L}+/gu)) if (++words >= 5) return true;
  return false;
}

/** Target empty, identical to the source, or (for a non-Korean target) still containing Hangul outside allowed proper nouns. */
export const untranslatedCheck = {
  id: 'untranslated',
  name: 'untranslated.name',
  description: 'untranslated.description',
  severity: 'error',
  run(source, target, ctx) {
    if (plainText(target).trim() === '') return plainText(source).trim() === '' ? null : { reason: 'empty' };
    if (normalizeForMatch(source) === normalizeForMatch(target) && needsTranslation(source)) return { reason: 'identical' };
    if (language(ctx.targetLocale) === 'ko') return null;
    let rest = plainText(target, ' ').normalize('NFC');
    // Allowed Hangul: configured proper nouns and glossary renderings that themselves carry Hangul (`jangmadang (장마당)`).
    const allowed = [...(ctx.allowedHangul ?? []), ...(ctx.glossary ?? []).map((t) => t.target)]
      .filter((s) => /\p{Script=Hangul}/u.test(s))
      .sort((a, b) => b.length - a.length);
    for (const a of allowed) rest = rest.split(a.normalize('NFC')).join(' ');
    const hangul = [...new Set(rest.match(HANGUL_RUN) ?? [])];
    return hangul.length ? { reason: 'hangul', hangul } : null;
  },
  describe(detail, t) {
    if (detail.reason === 'empty') return t('checks:untranslated.empty');
    if (detail.reason === 'identical') return t('checks:untranslated.identical');
    const hangul = strings(detail.hangul);
    if (!hangul.length) return '';
    return t('checks:untranslated.hangul', { list: quoted(t, hangul), count: hangul.length });
  },
  examples: [
    { source: '평양 장마당에서 쌀값이 올랐다.', target: '' },
    { source: '평양 장마당', target: '평양 장마당' },
    { source: '평양 장마당에서 쌀값이 올랐다.', target: 'Rice prices rose at the 장마당 in 평양.' },
    { source: '쌀값이 올랐다.', target: '米価が올랐다。', ctx: { targetLocale: 'ja' } },
  ],
} satisfies Check<UntranslatedDetail>;
