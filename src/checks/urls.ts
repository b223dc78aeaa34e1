import type { Check } from '../core/ports/check.ts';
import { plainText } from '../core/segment-text.ts';
import { strings } from './describe.ts';

const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'“”()（）「」]+/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

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
