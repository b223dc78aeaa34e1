import { compareNumbers } from '../core/numbers.ts';
import type { Check } from '../core/ports/check.ts';

/**
 * A digit 1 carried by a Korean counter (`1박`, `1인당`, `1명`) that the translation does not show: usually right, as
 * "per night" or "per person" carry it, so a warning for the reviewer to look at, never a blocking error. An article
 * shows it ("a person", core/numbers.ts `articles`), so that is no warning.
 * Other missing numbers are the `numbers` check's (core/numbers.ts compareNumbers, `missingCounted`).
 */
export const numbersCounterCheck = {
  id: 'numbers-counter',
  name: 'numbers-counter.name',
  description: 'numbers-counter.description',
  severity: 'warning',
  run(source, target, _ctx) {
    if (target.trim() === '') return null;
    const { missingCounted } = compareNumbers(source, target);
    return missingCounted.length ? { missing: missingCounted } : null;
  },
  describe(detail, t) {
    // A detail of another shape (stored by an older version) gets the shared "cannot read" sentence.
    if (!Array.isArray(detail.missing) || detail.missing.length === 0) return '';
    return t('checks:numbers-counter.missing');
  },
  examples: [{ source: '1박 기준 10만 원', target: 'KRW 100,000 for the stay' }],
} satisfies Check<{ missing: string[] }>;
