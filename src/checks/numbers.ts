import { compareNumbers } from '../core/numbers.ts';
import type { Check } from '../core/ports/check.ts';

/** Same numbers on both sides, reading Korean units (2만, 1억), dates (1월 22일), separators and full-width digits. */
export const numbersCheck = {
  id: 'numbers',
  name: 'numbers.name',
  description: 'numbers.description',
  severity: 'error',
  run(source, target, _ctx) {
    if (target.trim() === '') return null;
    const { missing, extra } = compareNumbers(source, target);
    return missing.length || extra.length ? { missing, extra } : null;
  },
} satisfies Check<{ missing: string[]; extra: string[] }>;
