import i18next from 'i18next';
import type { CheckTranslate } from '../../src/core/ports/check.ts';
import { loadLocaleResources } from '../../src/web/i18n.ts';

const resources = loadLocaleResources();

/** i18next in one UI language only (no fallback), failing on any key that language lacks. */
export function strictT(lng: string): CheckTranslate {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { [lng]: resources[lng]! },
    lng,
    fallbackLng: false,
    initAsync: false,
    ns: ['checks'],
    defaultNS: 'checks',
    interpolation: { escapeValue: false },
    saveMissing: true,
    missingKeyHandler: (_lngs, ns, key) => {
      throw new Error(`missing i18n key ${ns}:${key} in ${lng}`);
    },
  });
  return instance.t;
}
