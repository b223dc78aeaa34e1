/** Segment text as a reader sees it: inline tags removed, XML escapes decoded. */
export function plainText(text: string, tagReplacement = ''): string {
  return text
    .replace(/<\/?g\d+>|<x\d+\/>/g, tagReplacement)
    .replace(/&(lt|gt|amp|quot|apos);/g, (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] ?? '');
}

/** The language subtag, lowercased (`zh-Hans` → `zh`). */
export function language(locale: string): string {
  return locale.split('-')[0]!.toLowerCase();
}

export const HANGUL_RUN = /[\p{Script=Hangul}]+/gu;
