import type { Check } from '../core/ports/check.ts';
import { inlineTagsCheck, tagOrderCheck } from './inline-tags.ts';
import { lengthCheck } from './length.ts';
import { numbersCheck } from './numbers.ts';
import { numbersCounterCheck } from './numbers-counter.ts';
import { omissionCheck } from './omission.ts';
import { bracketsCheck, endPunctuationCheck, spacingCheck } from './punctuation.ts';
import { shortcodesCheck } from './shortcodes.ts';
import { tagSpacingCheck } from './tag-spacing.ts';
import { confidentialCheck, glossaryCheck } from './terminology.ts';
import { untranslatedCheck } from './untranslated.ts';
import { urlsCheck } from './urls.ts';

/** Every check, in the order results are shown. Adding a check: one module, one line here, two strings per locale. */
export const CHECKS = [
  untranslatedCheck,
  numbersCheck,
  numbersCounterCheck,
  inlineTagsCheck,
  shortcodesCheck,
  urlsCheck,
  confidentialCheck,
  glossaryCheck,
  tagOrderCheck,
  endPunctuationCheck,
  bracketsCheck,
  spacingCheck,
  tagSpacingCheck,
  omissionCheck,
  lengthCheck,
] as const satisfies readonly Check[];

export type CheckId = (typeof CHECKS)[number]['id'];
