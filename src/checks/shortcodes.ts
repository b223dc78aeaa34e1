import type { Check } from '../core/ports/check.ts';
import { plainText } from '../core/segment-text.ts';
import { findShortcodes } from '../core/shortcode.ts';
import { strings } from './describe.ts';

// Delimiters left over once whole shortcodes are removed: a half-written or broken tag that Hugo would choke on.
const STRAY_DELIMITER = /\{\{[<%]|[>%]\}\}/g;

/** Whole shortcode tags of a segment's text (as written), then any stray delimiter. */
function shortcodesOf(segmentText: string): string[] {
  const text = plainText(segmentText);
  const found = findShortcodes(text);
  let rest = '';
  let from = 0;
  for (const { at, shortcode } of found) {
    rest += `${text.slice(from, at)} `;
    from = at + shortcode.raw.length;
  }
  rest += text.slice(from);
  return [...found.map((f) => f.shortcode.raw), ...(rest.match(STRAY_DELIMITER) ?? [])];
}

/** The items of `a` left once each item of `b` has cancelled one equal item (multiset difference, in `a`'s order). */
function without(a: readonly string[], b: readonly string[]): string[] {
  const rest = new Map<string, number>();
  for (const t of b) rest.set(t, (rest.get(t) ?? 0) + 1);
  return a.filter((t) => {
    const n = rest.get(t) ?? 0;
    if (n > 0) rest.set(t, n - 1);
    return n === 0;
  });
}

/**
 * Hugo shortcodes written as text (segments imported before shortcodes became inline tags, or a machine draft that
 * spelled a tag out) must come back exactly: Hugo runs whatever is between the braces, so a lost, altered or added
 * shortcode breaks or changes the published page. Shortcodes held in inline tags are covered by `inline-tags`.
 */
export const shortcodesCheck = {
  id: 'shortcodes',
  name: 'shortcodes.name',
  description: 'shortcodes.description',
  severity: 'error',
  run(source, target, _ctx) {
    if (target.trim() === '') return null;
    const src = shortcodesOf(source);
    const tgt = shortcodesOf(target);
    const missing = without(src, tgt);
    const extra = without(tgt, src);
    return missing.length || extra.length ? { missing, extra } : null;
  },
  describe(detail, t) {
    const missing = strings(detail.missing);
    const extra = strings(detail.extra);
    if (missing.length && extra.length) return t('checks:shortcodes.changed', { missing, extra });
    if (missing.length) return t('checks:shortcodes.missing', { list: missing, count: missing.length });
    if (!extra.length) return '';
    return t('checks:shortcodes.extra', { list: extra, count: extra.length });
  },
  examples: [
    { source: '{{< figure src="market.jpg" >}} 평양의 장마당', target: 'A market in Pyongyang' },
    { source: '{{< figure src="market.jpg" >}} 장마당', target: '{{< figure src="rice.jpg" >}} A market' },
    { source: '평양의 장마당', target: 'A market in Pyongyang {{< figure' },
  ],
} satisfies Check<{ missing: string[]; extra: string[] }>;
