import type { Check } from '../core/ports/check.ts';
import { plainText } from '../core/segment-text.ts';
import { strings } from './describe.ts';

// No quantifier here is followed by anything that could fail after it, so matching cannot backtrack.
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'“”()（）「」]+/giu;
const LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
const LABEL_CHAR = /[\p{L}\p{N}-]/u;
const URL_TRAILING = new Set([...'.,;:!?。、，']);

/**
 * E-mail addresses (`local@label.label`): where a pattern over the whole text would retry its local part from every
 * letter of a long word that holds no `@` (seconds on a page of Hangul), this starts from each `@` and reads outwards,
 * never left past the previous address. Linear in the length of the text.
 */
function emailsIn(text: string): string[] {
  const found: string[] = [];
  let floor = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', Math.max(at + 1, floor))) {
    let start = at;
    while (start > floor && LOCAL_CHAR.test(text[start - 1]!)) start -= 1;
    if (start === at) continue;
    // Labels separated by dots, at least two; a dot not followed by a label character ends the address before it.
    let end = at + 1;
    let labels = 0;
    for (;;) {
      let i = end;
      while (i < text.length && LABEL_CHAR.test(text[i]!)) i += 1;
      if (i === end) break;
      labels += 1;
      end = i;
      if (text[end] !== '.' || !LABEL_CHAR.test(text[end + 1] ?? '')) break;
      end += 1;
    }
    if (labels < 2) continue;
    found.push(text.slice(start, end));
    floor = end;
  }
  return found;
}

/** `url` without trailing sentence punctuation. */
function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0 && URL_TRAILING.has(url[end - 1]!)) end -= 1;
  return url.slice(0, end);
}

/** URLs and e-mail addresses in a text, trailing sentence punctuation trimmed. Linear in the length of the text. */
export function linksIn(text: string): string[] {
  const plain = plainText(text, ' ');
  const urls = [...plain.matchAll(URL)].map((m) => trimUrl(m[0]));
  return [...urls, ...emailsIn(plain.replace(URL, ' '))];
}

/** Every URL and e-mail address of the source appears unchanged in the target, and the target adds none. */
export const urlsCheck = {
  id: 'urls',
  name: 'urls.name',
  description: 'urls.description',
  severity: 'error',
  run(source, target, _ctx) {
    if (target.trim() === '') return null;
    const src = linksIn(source);
    const tgt = linksIn(target);
    const inSource = new Set(src);
    const inTarget = new Set(tgt);
    const missing = src.filter((u) => !inTarget.has(u));
    const extra = tgt.filter((u) => !inSource.has(u));
    return missing.length || extra.length ? { missing, extra } : null;
  },
  describe(detail, t) {
    const missing = strings(detail.missing);
    const extra = strings(detail.extra);
    if (missing.length && extra.length) return t('checks:urls.changed', { missing, extra });
    if (missing.length) return t('checks:urls.missing', { list: missing, count: missing.length });
    if (!extra.length) return '';
    return t('checks:urls.extra', { list: extra, count: extra.length });
  },
  examples: [
    { source: '자세한 내용은 https://example.org/rice 참조.', target: 'Details at https://example.org/price.' },
    { source: '제보는 desk@example.org 로 보내 달라.', target: 'Send tips to the desk.' },
    { source: '제보를 기다린다.', target: 'Tips: www.example.org or tips@example.org.' },
  ],
} satisfies Check<{ missing: string[]; extra: string[] }>;
