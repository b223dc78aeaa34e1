import { ValidationError } from '../../../core/errors.ts';
import { DEFAULT_SOURCE_LOCALE, DEFAULT_TARGET_LOCALES } from '../../../core/locale.ts';
import type { AppDeps } from '../../app.ts';

/**
 * Refuse a language pair that is not this installation's (source locale → one of its target locales): glossaries and
 * the memory are kept per such pair, so any other pair would only ever answer an empty list. Throws ValidationError
 * (`locale.not-source` or `locale.not-target`).
 */
export function requireInstallationPair(deps: AppDeps, pair: { readonly from: string; readonly to: string }): void {
  const source = deps.config?.sourceLocale ?? DEFAULT_SOURCE_LOCALE;
  const targets = deps.config?.targetLocales ?? DEFAULT_TARGET_LOCALES;
  if (pair.from !== source) {
    throw new ValidationError(`api: ${pair.from} is not the source locale here (${source})`, [], {
      reason: 'locale.not-source',
      params: { locale: pair.from, source },
    });
  }
  if (!targets.includes(pair.to)) {
    throw new ValidationError(`api: ${pair.to} is not a target locale here (${targets.join(', ')})`, [], {
      reason: 'locale.not-target',
      params: { locale: pair.to },
    });
  }
}
