import { ConfigError } from '../core/errors.ts';
import type { Check, CheckSeverity, ChecksOff, CheckTranslate } from '../core/ports/check.ts';

/** No check switched off. */
export const NO_CHECKS_OFF: ChecksOff = { everywhere: [], byLocale: {} };

/**
 * Throws a ConfigError naming every id in `off` (TANDEM_CHECKS_OFF) that no check in the registry has, with the ids
 * there are, so a typo is refused at start instead of silently leaving a check on.
 */
export function assertChecksOff(checks: readonly Check[], off: ChecksOff): void {
  const known = new Set(checks.map((c) => c.id));
  const named = [
    ...off.everywhere.map((id) => ({ id, as: id })),
    ...Object.entries(off.byLocale).flatMap(([locale, ids]) => ids.map((id) => ({ id, as: `${locale}:${id}` }))),
  ];
  const unknown = named.filter((n) => !known.has(n.id)).map((n) => n.as);
  if (unknown.length) {
    throw new ConfigError(
      `config: TANDEM_CHECKS_OFF names no check ${unknown.join(', ')}; known checks are ${[...known].join(', ')} (list them with tandem check --list)`,
    );
  }
}

/** Whether check `id` is switched off for target `locale` (everywhere, or for that locale). */
export function isCheckOff(off: ChecksOff, id: string, locale: string): boolean {
  return off.everywhere.includes(id) || (off.byLocale[locale] ?? []).includes(id);
}

/** The checks that run for target `locale`, in registry order: the registry minus those switched off. */
export function enabledChecks(checks: readonly Check[], off: ChecksOff, locale: string): readonly Check[] {
  return checks.filter((c) => !isCheckOff(off, c.id, locale));
}

/** One check as `tandem check --list` shows it; `name` and `description` in the reader's language. */
export interface CheckListing {
  readonly id: string;
  readonly severity: CheckSeverity;
  readonly name: string;
  readonly description: string;
  /** Off everywhere, or (when a locale was asked for) off for that locale. */
  readonly off: boolean;
  /** Target locales this check alone is switched off for, sorted. */
  readonly offFor: readonly string[];
}

/** Every check of the registry, in order, with whether configuration switched it off (for `locale` when given). */
export function listChecks(checks: readonly Check[], off: ChecksOff, t: CheckTranslate, locale?: string): CheckListing[] {
  return checks.map((check) => ({
    id: check.id,
    severity: check.severity,
    name: t(`checks:${check.name}`),
    description: t(`checks:${check.description}`),
    off: locale === undefined ? off.everywhere.includes(check.id) : isCheckOff(off, check.id, locale),
    offFor: Object.entries(off.byLocale)
      .filter(([, ids]) => ids.includes(check.id))
      .map(([l]) => l)
      .sort(),
  }));
}
