import type { CheckResult } from '../core/model.ts';
import type { Check, CheckTranslate } from '../core/ports/check.ts';

/** A stored check result as a reader sees it: the check's name and one sentence, both in the language of `t`. */
export interface CheckResultText {
  /** The check's short name (`Numbers`, `숫자`); for a check no longer installed, a name built from its id. */
  readonly name: string;
  /** What is wrong, as one sentence without the name (`22 is in the source but not in the translation`). */
  readonly sentence: string;
}

// An interpolation i18next left unfilled (`{{count}}`, `{{list, list}}`): a detail describe could not read.
const UNFILLED = /\{\{\s*[\w.-]+\s*(?:,[^{}]*)?\}\}/;

function isCrash(detail: CheckResult['detail']): boolean {
  const keys = Object.keys(detail);
  return keys.length === 1 && keys[0] === 'crashed';
}

/**
 * The one way a stored CheckResult becomes text, for every page, command and export: the check's name and its
 * `describe` sentence in the language of `t` (i18next's `t`, keys in namespace `checks`). What storage may hold is
 * covered with a sentence too: a result of a check since removed (`checkId` not in `checks`), a `{ crashed }` detail
 * from a check that threw (services/checks.ts `runChecks`), and a detail of an older shape that describe cannot read
 * (it throws or says nothing). Never throws; never prints the detail raw.
 */
export function describeCheckResult(result: CheckResult, checks: readonly Check[], t: CheckTranslate): CheckResultText {
  const check = checks.find((c) => c.id === result.checkId);
  if (!check) {
    return { name: t('checks:shared.unknownName', { id: result.checkId }), sentence: t('checks:shared.unknown') };
  }
  const name = t(`checks:${check.name}`);
  if (isCrash(result.detail)) return { name, sentence: t('checks:shared.crashed') };
  let sentence = '';
  try {
    sentence = check.describe(result.detail, t).trim();
  } catch {
    sentence = '';
  }
  return { name, sentence: sentence && !UNFILLED.test(sentence) ? sentence : t('checks:shared.unreadable') };
}

/** A stored result as one line of text: "Numbers: 22 is in the source but not in the translation" (see describeCheckResult). */
export function checkResultText(result: CheckResult, checks: readonly Check[], t: CheckTranslate): string {
  return t('checks:shared.line', { ...describeCheckResult(result, checks, t) });
}
