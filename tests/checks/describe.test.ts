import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.ts';
import type { Check, CheckContext } from '../../src/core/ports/check.ts';
import { checkResultText, describeCheckResult } from '../../src/services/check-text.ts';
import { flattenKeys, loadLocaleResources, UI_LANGUAGES } from '../../src/web/i18n.ts';
import { KO_EN } from './ctx.ts';
import { strictT } from './strict-translate.ts';

const resources = loadLocaleResources();

const translators = UI_LANGUAGES.map((lng) => [lng, strictT(lng)] as const);

// What a sentence must never show: dumps, unfilled interpolations, raw keys, empty list slots.
const ARTEFACTS = ['[object Object]', 'undefined', 'null', 'NaN', '{{', '}}', 'checks:', '.name', ': ;', ', ,', '""', '()', '( )'];

/** Hugo's shortcode delimiters are text the check quotes, not interpolation left over. */
function withoutShortcodeDelimiters(sentence: string): string {
  return sentence.replace(/\{\{[<%]|[>%]\}\}/g, 'SHORTCODE');
}

const REGISTRY: readonly Check[] = CHECKS;

const cases = REGISTRY.flatMap((check) =>
  check.examples.flatMap((example, index) =>
    translators.map(([lng, t]) => ({ name: `${check.id} example ${index + 1} in ${lng}`, check, example, lng, t })),
  ),
);

describe('every check describes its failing examples as sentences', () => {
  it.each(cases)('when $name is rendered, then it reads as a sentence', ({ check, example, lng, t }) => {
    const ctx: CheckContext = { ...KO_EN, ...example.ctx };
    const detail = check.run(example.source, example.target, ctx);
    expect(detail, 'the example must fail').not.toBeNull();
    const result = { checkId: check.id, severity: check.severity, detail: detail! };
    const { name, sentence } = describeCheckResult(result, CHECKS, t);
    expect(name).not.toBe(check.id);
    expect(sentence.trim().length).toBeGreaterThan(5);
    const line = checkResultText(result, CHECKS, t);
    expect(line).toBe(`${name}: ${sentence}`);
    for (const artefact of ARTEFACTS) expect(withoutShortcodeDelimiters(line)).not.toContain(artefact);
    // Neither the generic fallbacks: the check itself described the result.
    expect(sentence).not.toBe(t('checks:shared.unreadable'));
    if (lng === 'ko') expect(sentence).toMatch(/\p{Script=Hangul}{2}/u);
  });

  it.each(CHECKS.map((c) => [c.id, c] as const))(
    'when check %s is listed, then it has examples and its keys in every UI language',
    (id, check) => {
      expect(check.examples.length).toBeGreaterThan(0);
      const keys = UI_LANGUAGES.map((lng) => flattenKeys(((resources[lng]?.checks ?? {}) as Record<string, unknown>)[id]));
      for (const k of keys) expect(k).toEqual(keys[0]);
      expect(keys[0]).toEqual(expect.arrayContaining(['name', 'description']));
      // Result sentences, not only a name and a description.
      expect(keys[0]!.length).toBeGreaterThan(2);
    },
  );
});

describe('stored results describe() cannot read', () => {
  it.each(translators)(
    'when a result comes from a removed check, a crash or an older detail shape, then %s still gets a sentence',
    (_lng, t) => {
      const removed = checkResultText({ checkId: 'mt-tags', severity: 'error', detail: { tags: true } }, CHECKS, t);
      expect(removed).toContain('mt-tags');
      expect(removed).toContain(t('checks:shared.unknown'));

      const crashed = describeCheckResult(
        { checkId: 'numbers', severity: 'error', detail: { crashed: 'TypeError: x is undefined' } },
        CHECKS,
        t,
      );
      expect(crashed).toEqual({ name: t('checks:numbers.name'), sentence: t('checks:shared.crashed') });

      for (const check of CHECKS) {
        const old = describeCheckResult({ checkId: check.id, severity: check.severity, detail: { something: 'else' } }, CHECKS, t);
        expect(old).toEqual({ name: t(`checks:${check.name}`), sentence: t('checks:shared.unreadable') });
      }
    },
  );
});
