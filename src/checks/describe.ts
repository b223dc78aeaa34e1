import type { CheckTranslate } from '../core/ports/check.ts';

// Small pieces the checks' describe() functions share, so a quote or a number reads the same in every sentence.

/** The values of a detail list as strings; anything else (a detail stored by an older version) gives an empty list. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

/** A value in the reader's quotation marks (`“tourists”` in English, `‘tourists’` in Korean). */
export function quote(t: CheckTranslate, value: string): string {
  return t('checks:shared.quote', { value });
}

/** Each value in the reader's quotation marks (`“장마당”` in English, `‘장마당’` in Korean). */
export function quoted(t: CheckTranslate, values: readonly string[]): string[] {
  return values.map((value) => quote(t, value));
}

/** Plain digits from a check detail (`20000`, `1.5`) grouped for the reader (`20,000`); other text as it is. */
export function readableNumber(t: CheckTranslate, value: string): string {
  return /^-?\d+(?:\.\d+)?$/.test(value) ? t('checks:shared.number', { value }) : value;
}

/**
 * Inline tags for a sentence: an opening and closing tag of the same number both listed become one `<g1>…</g1>`, so a
 * lost link reads as one thing, not two.
 */
export function tagsForReading(tags: readonly string[]): string[] {
  const out: string[] = [];
  const rest = [...tags];
  while (rest.length) {
    const tag = rest.shift()!;
    const open = /^<g(\d+)>$/.exec(tag);
    const close = open ? rest.indexOf(`</g${open[1]}>`) : -1;
    if (open && close !== -1) {
      rest.splice(close, 1);
      out.push(`${tag}…</g${open[1]}>`);
    } else out.push(tag);
  }
  return out;
}
