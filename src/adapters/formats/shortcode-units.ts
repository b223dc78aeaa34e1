import type { Paragraph } from 'mdast';
import type { SegmentKind } from '../../core/model.ts';
import { escapeText, hasTranslatableText } from '../../core/segment-text.ts';
import { FIGURE_TEXT_PARAMS, parseShortcode, setShortcodeParam, shortcodeParam } from '../../core/shortcode.ts';
import { unescapeXml } from './inline-tags.ts';
import type { Unit } from './markdown-tree.ts';
import type { ShortcodeNode } from './shortcode-syntax.ts';

const KIND_OF_PARAM: Readonly<Record<(typeof FIGURE_TEXT_PARAMS)[number], SegmentKind>> = {
  alt: 'image-alt',
  title: 'caption',
  caption: 'caption',
};

/** A paragraph made only of shortcode tags (and the space between them): a protected block, not prose. */
export function isShortcodeBlock(node: Paragraph): boolean {
  let any = false;
  for (const child of node.children) {
    if (child.type === 'shortcode') any = true;
    else if (!(child.type === 'text' && child.value.trim() === '')) return false;
  }
  return any;
}

/**
 * The text parameters of each `figure` in a shortcode block (alt, title, caption) as segments of their own; writing a
 * translation back replaces only that parameter's value, so the rest of the tag stays byte for byte.
 */
export function pushShortcodeParams(node: Paragraph, units: Unit[]): void {
  for (const child of node.children) {
    if (child.type !== 'shortcode') continue;
    const shortcode = parseShortcode(child.value);
    if (shortcode?.name !== 'figure' || shortcode.closing) continue;
    for (const key of FIGURE_TEXT_PARAMS) {
      const value = shortcodeParam(shortcode, key);
      if (value === undefined) continue;
      const source = escapeText(value);
      if (!hasTranslatableText(source)) continue;
      const target: ShortcodeNode = child;
      units.push({
        kind: KIND_OF_PARAM[key],
        source,
        tags: {},
        apply(text, where) {
          target.value = setShortcodeParam(target.value, key, unescapeXml(text, where));
        },
      });
    }
  }
}
