import type { Check } from '../core/ports/check.ts';
import { plainText } from '../core/segment-text.ts';

const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'“”()（）「」]+/giu;
// The lookbehind starts a match only at the start of a run of name characters: without it, a long run with no `@`
// (a 20,000-letter paragraph) is scanned again from each of its letters.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/** URLs and e-mail addresses in a text, trailing sentence punctuation trimmed. */
export function linksIn(text: string): string[] {
  const plain = plainText(text, ' ');
  const urls = [...plain.matchAll(URL)].map((m) => m[0].replace(/[.,;:!?。、，]+$/u, ''));
  const withoutUrls = plain.replace(URL, ' ');
  const emails = [...withoutUrls.matchAll(EMAIL)].map((m) => m[0].replace(/\.+$/, ''));
  return [...urls, ...emails];
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
    const missing = src.filter((u) => !tgt.includes(u));
    const extra = tgt.filter((u) => !src.includes(u));
    return missing.length || extra.length ? { missing, extra } : null;
  },
} satisfies Check<{ missing: string[]; extra: string[] }>;
