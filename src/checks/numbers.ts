import { compareNumbers } from '../core/numbers.ts';
import type { Check } from '../core/ports/check.ts';
import { readableNumber, strings } from './describe.ts';

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
  describe(detail, t) {
    const missing = strings(detail.missing).map((n) => readableNumber(t, n));
    const extra = strings(detail.extra).map((n) => readableNumber(t, n));
    if (missing.length && extra.length) return t('checks:numbers.changed', { missing, extra });
    if (missing.length) return t('checks:numbers.missing', { list: missing, count: missing.length });
    if (!extra.length) return '';
    return t('checks:numbers.extra', { list: extra, count: extra.length });
  },
  examples: [
    { source: '관광객 22명이 왔다.', target: 'Tourists came.' },
    { source: '입장료는 3,000원이다.', target: 'Admission is 30,000 won.' },
    { source: '주민들이 모였다.', target: 'Some 40 residents and 12 officials gathered.' },
  ],
} satisfies Check<{ missing: string[]; extra: string[] }>;
